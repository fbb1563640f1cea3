// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Cli.Rendering;

/// <summary>Human-readable "where in the file" text for a source: heading path, page, lines.</summary>
internal static class Locations
{
    public static string Describe(Source source)
    {
        var parts = new List<string>();
        if (source.HeadingPath.Count > 0)
        {
            parts.Add(string.Join(" › ", source.HeadingPath));
        }

        if (source.PageNumber is int page)
        {
            parts.Add($"page {page}");
        }

        if (source.StartLine is int start)
        {
            parts.Add(source.EndLine is int end && end != start ? $"lines {start}–{end}" : $"line {start}");
        }

        return parts.Count == 0 ? "—" : string.Join(", ", parts);
    }
}
