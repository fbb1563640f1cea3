// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag;

/// <summary>A snapshot of a running folder sync, reported through <see cref="IProgress{T}"/>.</summary>
public sealed record IngestionProgress
{
    /// <summary>Gets the number of files to process in this run (new, changed and retried files).</summary>
    public int FilesTotal { get; init; }

    /// <summary>Gets the number of those files finished (ingested or failed).</summary>
    public int FilesDone { get; init; }

    /// <summary>Gets the number of chunks embedded and stored so far.</summary>
    public int ChunksDone { get; init; }

    /// <summary>Gets the total size of the files to process, in bytes.</summary>
    public long BytesTotal { get; init; }

    /// <summary>Gets the size of the finished files, in bytes.</summary>
    public long BytesDone { get; init; }

    /// <summary>Gets the time since processing started.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Gets the throughput so far, in bytes per second.</summary>
    public double BytesPerSecond { get; init; }

    /// <summary>Gets the throughput so far, in files per second.</summary>
    public double FilesPerSecond { get; init; }

    /// <summary>Gets the estimated time left, from the bytes still to process; <see langword="null"/> until something is done.</summary>
    public TimeSpan? EstimatedRemaining { get; init; }

    /// <summary>Gets the path of the file last finished or started, relative to the folder.</summary>
    public string? CurrentFile { get; init; }

    /// <summary>Gets how far the reader has got through <see cref="CurrentFile"/> while it is read (pages read, pages recognised by OCR); <see langword="null"/> when the file is not being read or its reader reports no pages.</summary>
    public DocumentReadProgress? Reading { get; init; }

    /// <summary>Gets how far the embedding of <see cref="CurrentFile"/> has got while a file of more than one embedding batch is embedded; <see langword="null"/> otherwise.</summary>
    public DocumentEmbeddingProgress? Embedding { get; init; }
}
