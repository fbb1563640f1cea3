// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Rag;

/// <summary>How many files of one type a folder sync skipped because no document reader handles them.</summary>
/// <param name="Extension">The extension in lower case with its dot (".mp4"), or "" for files without one (whose content is not text).</param>
/// <param name="Count">How many files of that type were skipped.</param>
public sealed record UnsupportedFileType(string Extension, int Count)
{
    /// <summary>Counts skipped files by type, most frequent first, then by extension.</summary>
    /// <param name="paths">The skipped files' paths (<see cref="FolderSyncResult.Unsupported"/>).</param>
    /// <returns>One entry per type.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<UnsupportedFileType> Tally(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return [.. paths
            .GroupBy(p => Path.GetExtension(p).ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => new UnsupportedFileType(g.Key, g.Count()))
            .OrderByDescending(t => t.Count)
            .ThenBy(t => t.Extension, StringComparer.Ordinal)];
    }
}
