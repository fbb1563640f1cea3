// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag.Connectors.Pdf.Layout;

/// <summary>The text blocks of one page, in reading order.</summary>
/// <param name="Number">The 1-based page number.</param>
/// <param name="Height">The page height, in points.</param>
/// <param name="Blocks">The blocks in reading order.</param>
internal sealed record PdfPageText(int Number, double Height, List<PdfTextBlock> Blocks);
