// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;

namespace Rag.Cli.Rendering;

/// <summary>Summarises files skipped for their type, most frequent first: "skipped: 2 .mp4, 1 .zip, 1 without extension (not text)".</summary>
internal static class SkippedFiles
{
    public static string Describe(IReadOnlyList<UnsupportedFileType> types) =>
        "skipped: " + string.Join(", ", types.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Count} {(t.Extension.Length > 0 ? t.Extension : "without extension (not text)")}")));

    /// <summary>The types as JSON: <c>[{ "type": ".mp4", "count": 2 }]</c>, "" for files without an extension.</summary>
    public static object ToJson(IReadOnlyList<UnsupportedFileType> types) => types.Select(t => new { type = t.Extension, count = t.Count });
}
