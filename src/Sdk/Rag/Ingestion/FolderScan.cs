// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag.Ingestion;

/// <summary>What <see cref="FolderScanner"/> found: the files to ingest, the files of unsupported types, the links it did not follow, and the folders it could not list or found empty.</summary>
/// <param name="Files">The files to ingest, ordered by relative path.</param>
/// <param name="UnreadableFolders">The relative paths of folders that could not be listed ('' for the synced folder itself).</param>
/// <param name="EmptyFolders">The relative paths of folders with no entries at all ('' for the synced folder itself).</param>
/// <param name="UnsupportedFiles">The relative paths of selected files that no document reader handles, ordered.</param>
/// <param name="Links">The relative paths of the symbolic links (to files or folders, or broken) the globs and ignore rules did not leave out, ordered; they are not followed.</param>
/// <param name="Warnings">The ignore-file lines that were skipped as invalid patterns, and ignore files that could not be read.</param>
internal sealed record FolderScan(List<SourceFile> Files, IReadOnlyList<string> UnreadableFolders, IReadOnlyList<string> EmptyFolders, IReadOnlyList<string> UnsupportedFiles, IReadOnlyList<string> Links, IReadOnlyList<IngestionWarning> Warnings)
{
    /// <summary>Whether the relative <paramref name="path"/> lies under the relative <paramref name="folder"/> ('' is the synced folder).</summary>
    public static bool IsUnder(string path, string folder) =>
        folder.Length == 0 || (path.Length > folder.Length && path[folder.Length] == '/' && path.StartsWith(folder, StringComparison.Ordinal));
}
