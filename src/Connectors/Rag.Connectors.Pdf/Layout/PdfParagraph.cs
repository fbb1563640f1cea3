// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Pdf.Layout;

/// <summary>One paragraph read from a PDF page.</summary>
/// <param name="Text">The paragraph's text, its lines joined.</param>
/// <param name="Kind">The paragraph's role.</param>
/// <param name="PageNumber">The 1-based page number.</param>
/// <param name="Top">The top edge of its first line.</param>
/// <param name="OcrConfidence">The page's OCR confidence when the text was recognised from the page image; otherwise <see langword="null"/>.</param>
internal sealed record PdfParagraph(string Text, DocumentBlockKind Kind, int PageNumber, double Top, double? OcrConfidence = null);
