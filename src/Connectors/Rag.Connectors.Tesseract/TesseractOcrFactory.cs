// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace Rag.Connectors.Tesseract;

/// <summary>Creates the Tesseract <see cref="IOcrEngine"/> and the image reader, for apps that register readers by hand (for example <c>DocumentReaderRegistry.Register</c>).</summary>
public static class TesseractOcrFactory
{
    /// <summary>Creates an OCR engine over the <c>tesseract</c> command line. Nothing is started until the first recognition.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Receives one entry per recognised image or page; none when <see langword="null"/>.</param>
    /// <returns>A thread-safe engine; pass it to <c>PdfDocumentReaderFactory.Create</c> to OCR scanned PDF pages.</returns>
    /// <exception cref="ArgumentException">An option is out of range (<see cref="TesseractOptions.Validate"/>).</exception>
    public static IOcrEngine CreateEngine(TesseractOptions? options = null, ILogger? logger = null) =>
        new TesseractOcrEngine(options ?? new TesseractOptions(), logger);

    /// <summary>Creates the reader of image files (.png, .jpg, .jpeg, .tif, .tiff, .bmp, .gif, .webp), which OCRs each image whole.</summary>
    /// <param name="engine">The OCR engine.</param>
    /// <returns>A stateless, thread-safe reader.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="engine"/> is <see langword="null"/>.</exception>
    public static IDocumentReader CreateImageReader(IOcrEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return new ImageDocumentReader(engine);
    }
}
