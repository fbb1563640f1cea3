// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Pdf;

/// <summary>Creates the PDF <see cref="IDocumentReader"/>, for apps that register readers by hand (for example <c>DocumentReaderRegistry.Register</c>).</summary>
public static class PdfDocumentReaderFactory
{
    /// <summary>Creates a PDF reader (PdfPig): paragraphs in reading order with page numbers and outline heading paths.</summary>
    /// <returns>A stateless, thread-safe reader for <c>.pdf</c> files.</returns>
    public static IDocumentReader Create() => new PdfDocumentReader();

    /// <summary>Creates a PDF reader that reads pages without a usable text layer (scanned pages) by OCR.</summary>
    /// <param name="ocr">The OCR engine (for example <c>TesseractOcrFactory.CreateEngine()</c> from Rag.Connectors.Tesseract); <see langword="null"/> reports such pages instead.</param>
    /// <returns>A thread-safe reader for <c>.pdf</c> files.</returns>
    public static IDocumentReader Create(IOcrEngine? ocr) => new PdfDocumentReader(ocr);
}
