// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Rag;

/// <summary>
/// Recognises text in images (OCR), for document readers that meet pages without a text layer: the PDF reader OCRs
/// scanned pages through it, and an image reader OCRs image files whole. <c>Rag.Connectors.Tesseract</c> provides one.
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IOcrEngine
{
    /// <summary>Gets how many pages a reader should give the engine at once: the pages of one document are recognised in parallel up to this number.</summary>
    /// <value>The default is 1 (one page after another).</value>
    int MaxConcurrentPages => 1;

    /// <summary>Recognises the text of an image file (PNG, JPEG, TIFF, …); a multi-page TIFF gives one page per frame.</summary>
    /// <param name="image">The encoded image file.</param>
    /// <param name="name">The name of the file the image comes from, for messages (for example <c>scan.pdf, page 3</c>).</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The recognised pages in order, each with its paragraphs and confidence.</returns>
    /// <exception cref="InvalidOperationException">The OCR engine is not installed or not usable; the message says what to install.</exception>
    /// <exception cref="InvalidDataException">The image could not be read or recognised.</exception>
    Task<IReadOnlyList<OcrPage>> RecognizeImageAsync(ReadOnlyMemory<byte> image, string name, CancellationToken cancellationToken = default);

    /// <summary>Renders one page of a PDF to an image and recognises its text: the path for scanned pages whose image cannot be taken out of the PDF as it is.</summary>
    /// <param name="pdf">The PDF file.</param>
    /// <param name="pageNumber">The 1-based page number.</param>
    /// <param name="name">The name of the PDF file, for messages.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The recognised page.</returns>
    /// <exception cref="InvalidOperationException">The OCR engine or the PDF renderer is not installed; the message says what to install.</exception>
    /// <exception cref="InvalidDataException">The page could not be rendered or recognised.</exception>
    Task<OcrPage> RecognizePdfPageAsync(ReadOnlyMemory<byte> pdf, int pageNumber, string name, CancellationToken cancellationToken = default);
}
