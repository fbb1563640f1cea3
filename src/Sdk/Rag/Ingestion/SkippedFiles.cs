// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag;

/// <summary>What a folder sync would skip (<see cref="DocumentIngestor.ListSkippedFilesAsync"/>).</summary>
/// <param name="Unsupported">The files no document reader handles, or untyped files that do not hold text, by relative path (see <see cref="FolderSyncResult.Unsupported"/>).</param>
/// <param name="Links">The symbolic links, which are not followed, by relative path (see <see cref="FolderSyncResult.SkippedLinks"/>).</param>
public sealed record SkippedFiles(IReadOnlyList<string> Unsupported, IReadOnlyList<string> Links)
{
    /// <summary>Gets the files of <see cref="Unsupported"/> counted by type, most frequent first.</summary>
    public IReadOnlyList<UnsupportedFileType> UnsupportedByType => UnsupportedFileType.Tally(Unsupported);

    /// <summary>Gets how many files and links are skipped in all.</summary>
    public int Count => Unsupported.Count + Links.Count;
}
