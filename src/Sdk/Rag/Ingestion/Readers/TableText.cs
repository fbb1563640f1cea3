// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Text;

namespace Rag.Ingestion.Readers;

/// <summary>Writes a table row with its header names (<c>Name: Ada; Role: Engineer</c>), so each row stands alone in a chunk.</summary>
internal static class TableText
{
    public static string Row(IReadOnlyList<string>? header, IReadOnlyList<string> cells)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < cells.Count; i++)
        {
            string value = cells[i].Trim();
            if (value.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append("; ");
            }

            string? name = header is not null && i < header.Count && header[i].Trim().Length > 0 ? header[i].Trim() : null;
            if (name is not null)
            {
                builder.Append(name).Append(": ");
            }

            builder.Append(value);
        }

        return builder.ToString();
    }
}
