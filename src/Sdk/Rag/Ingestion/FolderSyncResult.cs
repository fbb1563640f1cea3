// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag;

/// <summary>What a folder sync did. Paths are relative to the folder, with '/' separators.</summary>
public sealed class FolderSyncResult
{
    /// <summary>Gets the new files ingested.</summary>
    public IReadOnlyList<string> Added { get; init; } = [];

    /// <summary>Gets the changed files re-ingested.</summary>
    public IReadOnlyList<string> Changed { get; init; } = [];

    /// <summary>Gets the number of files skipped as unchanged (including failed files not retried).</summary>
    public int Unchanged { get; init; }

    /// <summary>Gets the renamed or moved files, kept without re-embedding.</summary>
    public IReadOnlyList<(string From, string To)> Renamed { get; init; } = [];

    /// <summary>Gets the documents removed because their file is gone or no longer included.</summary>
    public IReadOnlyList<string> Deleted { get; init; } = [];

    /// <summary>Gets the documents kept although their file was not found: under a folder that could not be listed, or with <see cref="IngestionOptions.DeleteMissingDocuments"/> off.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>Gets the folders that could not be listed (permissions, I/O errors), relative to the synced folder; their documents are kept.</summary>
    public IReadOnlyList<string> UnreadableFolders { get; init; } = [];

    /// <summary>
    /// Gets the files skipped because no document reader handles their type, or because a file without a type of its own
    /// (no extension, <c>README.Debian</c>) does not hold text (files left out by globs or ignore files are not listed).
    /// </summary>
    public IReadOnlyList<string> Unsupported { get; init; } = [];

    /// <summary>Gets the files of <see cref="Unsupported"/> counted by type, most frequent first.</summary>
    public IReadOnlyList<UnsupportedFileType> UnsupportedByType => UnsupportedFileType.Tally(Unsupported);

    /// <summary>
    /// Gets the symbolic links skipped because links are not followed (to files, to folders, or broken), relative to the
    /// synced folder; a target inside the folder is ingested under its own path.
    /// </summary>
    public IReadOnlyList<string> SkippedLinks { get; init; } = [];

    /// <summary>Gets the files that failed in this run, with reasons.</summary>
    public IReadOnlyList<IngestionFailure> Failed { get; init; } = [];

    /// <summary>Gets the files ingested in this run that needed a repair to be read (for example invalid bytes replaced), and the ignore-file lines skipped as invalid patterns.</summary>
    public IReadOnlyList<IngestionWarning> Warnings { get; init; } = [];

    /// <summary>Gets the number of chunks embedded in this run.</summary>
    public int ChunksEmbedded { get; init; }

    /// <summary>Gets the bytes of the files read in this run.</summary>
    public long BytesRead { get; init; }

    /// <summary>Gets a value indicating whether the store was wiped and re-embedded because the embedding model changed.</summary>
    public bool Reembedded { get; init; }

    /// <summary>Gets the time spent inside the embedding generator in this run (to compare with <see cref="Elapsed"/>).</summary>
    public TimeSpan EmbeddingTime { get; init; }

    /// <summary>Gets how long the sync took.</summary>
    public TimeSpan Elapsed { get; init; }
}
