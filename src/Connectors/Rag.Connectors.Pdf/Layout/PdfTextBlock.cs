// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag.Connectors.Pdf.Layout;

/// <summary>A group of lines that belong together on a page (a layout block).</summary>
/// <param name="Lines">The lines, top to bottom.</param>
internal sealed record PdfTextBlock(IReadOnlyList<PdfLine> Lines);
