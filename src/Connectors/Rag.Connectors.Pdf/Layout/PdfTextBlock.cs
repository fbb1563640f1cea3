// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag.Connectors.Pdf.Layout;

/// <summary>A group of lines that belong together on a page (a layout block, or one row of a two-column table).</summary>
/// <param name="Lines">The lines, top to bottom.</param>
/// <param name="IsRow">Whether the block is one row of a two-column table, already written as "term — description".</param>
internal sealed record PdfTextBlock(IReadOnlyList<PdfLine> Lines, bool IsRow = false)
{
    /// <summary>Gets the top edge of the block's first line.</summary>
    public double Top => Lines[0].Top;
}
