// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Pdf.Layout;

/// <summary>One text line of a PDF page with its geometry (PDF user space: y grows upwards).</summary>
/// <param name="Text">The line's text; wide gaps between columns are written as " — " (two columns) or "; " (more).</param>
/// <param name="Left">The left edge.</param>
/// <param name="Right">The right edge.</param>
/// <param name="Top">The top edge.</param>
/// <param name="Bottom">The bottom edge.</param>
/// <param name="FontSize">The line's most common font size, in points.</param>
/// <param name="IsRow">Whether the line is a table or definition row whose columns were joined.</param>
internal sealed record PdfLine(string Text, double Left, double Right, double Top, double Bottom, double FontSize, bool IsRow = false);
