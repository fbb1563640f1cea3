// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;

namespace Rag.Cli.Rendering;

/// <summary>Summarises files skipped for their type by extension, most frequent first: "3 skipped: .mp4 ×2, .zip".</summary>
internal static class SkippedFiles
{
    private const string NoExtension = "(no extension)";

    public static string Describe(IReadOnlyList<string> paths)
    {
        IEnumerable<string> groups = paths
            .GroupBy(Extension, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.Key : string.Create(CultureInfo.InvariantCulture, $"{g.Key} ×{g.Count()}"));
        return string.Create(CultureInfo.InvariantCulture, $"{paths.Count} skipped: {string.Join(", ", groups)}");
    }

    private static string Extension(string path) =>
        Path.GetExtension(path) is { Length: > 0 } extension ? extension.ToLowerInvariant() : NoExtension;
}
