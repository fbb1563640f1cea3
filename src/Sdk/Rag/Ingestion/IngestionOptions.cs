// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag;

/// <summary>Options of a folder sync by <see cref="DocumentIngestor"/>.</summary>
/// <remarks>Checked by <see cref="Validate"/> when a sync starts, and when the registered options are first resolved.</remarks>
public sealed class IngestionOptions
{
    /// <summary>Gets or sets the glob patterns of files to ingest, relative to the folder ('/' separators, <c>**</c> for any depth).</summary>
    /// <value>Defaults to <c>**/*</c>. Files without a registered reader are skipped either way.</value>
    public IList<string> Include { get; set; } = ["**/*"];

    /// <summary>Gets or sets the glob patterns of files never ingested.</summary>
    /// <value>Defaults to version-control and build-output folders: <c>**/.git/**</c>, <c>**/.svn/**</c>, <c>**/.hg/**</c>, <c>**/node_modules/**</c>, <c>**/bin/**</c>, <c>**/obj/**</c>.</value>
    public IList<string> Exclude { get; set; } = ["**/.git/**", "**/.svn/**", "**/.hg/**", "**/node_modules/**", "**/bin/**", "**/obj/**"];

    /// <summary>Gets or sets the name of the ignore files honoured in the folder and its subfolders (a gitignore subset: globs, <c>#</c> comments, <c>!</c> negation, trailing <c>/</c> for folders, leading <c>/</c> to anchor).</summary>
    /// <value>
    /// Defaults to <c>.ragignore</c>. <see langword="null"/> disables ignore files. A line that is not a valid pattern (<c>[z-a]</c>,
    /// <c>[!]</c>) is skipped and reported in <see cref="FolderSyncResult.Warnings"/> with its file and line; an ignore file that
    /// cannot be read makes its folder count as one that cannot be listed (its documents are kept).
    /// </value>
    public string? IgnoreFileName { get; set; } = ".ragignore";

    /// <summary>Gets or sets the largest file ingested; larger files are recorded as failed without being read.</summary>
    /// <value>Defaults to 100 MiB.</value>
    public long MaxFileSizeBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Gets or sets the longest time reading and chunking one file may take; slower files are recorded as failed.</summary>
    /// <value>
    /// Defaults to 2 minutes. Embedding time is not included (it is batched across files). A paged document (PDF, scan) whose
    /// reader reports its pages gets <see cref="MaxPageProcessingTime"/> more for each page read and <see cref="MaxOcrPageProcessingTime"/>
    /// more for each page recognised by OCR, but may never go this long without finishing a page (this plus one
    /// <see cref="MaxOcrPageProcessingTime"/> while a page is being recognised), so one page that hangs still stops the file.
    /// </value>
    public TimeSpan MaxFileProcessingTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the time a paged document gets, beyond <see cref="MaxFileProcessingTime"/>, for each page its reader reports read.</summary>
    /// <value>Defaults to 1 second (PDF pages take tens of milliseconds each), so a 3,000-page PDF may take 2 minutes plus 50 minutes.</value>
    public TimeSpan MaxPageProcessingTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the time a document gets, beyond <see cref="MaxFileProcessingTime"/>, for each page its reader recognises by OCR.</summary>
    /// <value>
    /// Defaults to 2 minutes (OCR takes seconds per page, more on a loaded machine; the OCR engine stops a page at its own limit).
    /// The page being recognised is granted its time when it starts, the others as they finish.
    /// </value>
    public TimeSpan MaxOcrPageProcessingTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the most blocks (paragraphs, rows, list items, lines) one file may be read into; a file with more is recorded as failed before it is chunked.</summary>
    /// <value>
    /// Defaults to 500,000 (a 1,000-page manual has tens of thousands). Each block carries objects of its own, so a file of
    /// millions of one-character rows or paragraphs costs far more memory than its size; this bounds that.
    /// </value>
    public int MaxBlocksPerDocument { get; set; } = 500_000;

    /// <summary>Gets or sets the most chunks one file may be split into; a file with more is recorded as failed before any is embedded.</summary>
    /// <value>
    /// Defaults to 50,000 (about 20 MB of text; a 1,000-page manual has a few thousand). Embedding is the slow part of
    /// ingestion, tens of chunks a second on a laptop CPU, and the per-file time limits do not cover it, so this bounds what
    /// one file, a huge log or a text of one endless line, can cost.
    /// </value>
    public int MaxChunksPerDocument { get; set; } = 50_000;

    /// <summary>Gets or sets how many chunks are sent to the embedding generator per call.</summary>
    /// <value>Defaults to 32. Batches span documents.</value>
    public int EmbeddingBatchSize { get; set; } = 32;

    /// <summary>Gets or sets the chunking options.</summary>
    /// <value>Defaults to 256 tokens with about 15% overlap.</value>
    public ChunkingOptions Chunking { get; set; } = new();

    /// <summary>Gets or sets a value indicating whether a store built with another embedding model is wiped and fully re-embedded.</summary>
    /// <value>Defaults to <see langword="false"/>: the sync throws <see cref="EmbeddingModelMismatchException"/> and changes nothing.</value>
    public bool ReembedOnModelChange { get; set; }

    /// <summary>Gets or sets a value indicating whether files that failed before are retried even when unchanged.</summary>
    /// <value>Defaults to <see langword="false"/>: a failed file is retried once its size or timestamp changes.</value>
    public bool RetryFailed { get; set; }

    /// <summary>Gets or sets a value indicating whether documents whose file is gone (or no longer included) are deleted.</summary>
    /// <value>
    /// Defaults to <see langword="true"/>. <see langword="false"/> keeps them and lists them in <see cref="FolderSyncResult.Missing"/>:
    /// the setting for syncs that run before a query, so that a query never deletes.
    /// </value>
    public bool DeleteMissingDocuments { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether a sync may delete most of the index, or every document under a folder that is empty now.</summary>
    /// <value>
    /// Defaults to <see langword="false"/>: such a sync throws <see cref="MassDeletionException"/> before deleting anything, since an
    /// unmounted share or an unplugged disk looks like an empty folder. "Most" means more than half of the documents, and at least 20;
    /// "every document under a folder" counts when that is two or more.
    /// Documents under a folder that cannot be listed are never deleted; they are listed in <see cref="FolderSyncResult.Missing"/>.
    /// </value>
    public bool AllowMassDeletion { get; set; }

    /// <summary>Gets or sets the tags given to every ingested document.</summary>
    /// <value>Defaults to none.</value>
    public IList<string> Tags { get; set; } = [];

    /// <summary>Gets or sets how many files are read and chunked ahead of the embedder.</summary>
    /// <value>Defaults to 8.</value>
    public int ReadAhead { get; set; } = 8;

    /// <summary>Throws when an option is missing or out of range, naming it and its allowed range.</summary>
    /// <exception cref="ArgumentNullException">A list or <see cref="Chunking"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Include, nameof(Include));
        ArgumentNullException.ThrowIfNull(Exclude, nameof(Exclude));
        ArgumentNullException.ThrowIfNull(Tags, nameof(Tags));
        ArgumentNullException.ThrowIfNull(Chunking, nameof(Chunking));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFileSizeBytes, nameof(MaxFileSizeBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxFileProcessingTime, TimeSpan.Zero, nameof(MaxFileProcessingTime));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPageProcessingTime, TimeSpan.Zero, nameof(MaxPageProcessingTime));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOcrPageProcessingTime, TimeSpan.Zero, nameof(MaxOcrPageProcessingTime));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBlocksPerDocument, nameof(MaxBlocksPerDocument));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxChunksPerDocument, nameof(MaxChunksPerDocument));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EmbeddingBatchSize, nameof(EmbeddingBatchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReadAhead, nameof(ReadAhead));
        Chunking.Validate();
    }
}
