// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;

namespace Rag.Connectors.OpenXml;

/// <summary>Writes a table row as one line of text with each cell named by its column's header: "Product: Widget; Price: 4.5".</summary>
internal static class HeaderNamedRow
{
    /// <summary>Formats <paramref name="cells"/>, skipping empty ones; a cell whose column has no header is written bare.</summary>
    /// <param name="header">The header row's cells, or <see langword="null"/> for a table without one.</param>
    /// <param name="cells">The row's cells, in column order.</param>
    /// <returns>The row's text, "" when every cell is empty.</returns>
    public static string Format(string[]? header, string[] cells)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < cells.Length; i++)
        {
            if (cells[i].Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append("; ");
            }

            if (header is not null && i < header.Length && header[i].Length > 0)
            {
                builder.Append(header[i]).Append(": ");
            }

            builder.Append(cells[i]);
        }

        return builder.ToString();
    }
}
