// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;

namespace Rag.Cli.Rendering;

/// <summary>
/// Summarises files skipped for their type, most frequent first, and the symbolic links left unfollowed:
/// "skipped: 2 .mp4, 1 .zip, 1 without extension (not text), 1 symbolic link (not followed)".
/// </summary>
internal static class SkippedFilesText
{
    public static string Describe(IReadOnlyList<UnsupportedFileType> types, int links)
    {
        IEnumerable<string> parts = types.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Count} {(t.Extension.Length > 0 ? t.Extension : "without extension (not text)")}"));
        if (links > 0)
        {
            parts = parts.Append(string.Create(CultureInfo.InvariantCulture, $"{links} symbolic {(links == 1 ? "link" : "links")} (not followed)"));
        }

        return "skipped: " + string.Join(", ", parts);
    }

    /// <summary>The types as JSON: <c>[{ "type": ".mp4", "count": 2 }]</c>, "" for files without an extension.</summary>
    public static object ToJson(IReadOnlyList<UnsupportedFileType> types) => types.Select(t => new { type = t.Extension, count = t.Count });
}
