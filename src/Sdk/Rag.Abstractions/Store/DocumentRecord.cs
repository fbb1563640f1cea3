// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag;

/// <summary>What the knowledge store knows about one source file: identity, change-detection data and ingestion outcome.</summary>
public sealed class DocumentRecord
{
    /// <summary>Gets the stable identifier of the document (derived from <see cref="Path"/>).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the path relative to the ingested folder, with '/' separators.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the document title, if known.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the file type: the extension without the dot, lower case.</summary>
    public string FileType { get; init; } = string.Empty;

    /// <summary>Gets the file size in bytes when it was ingested.</summary>
    public long Size { get; init; }

    /// <summary>Gets the file's last write time when it was ingested.</summary>
    public DateTimeOffset LastModified { get; init; }

    /// <summary>Gets the SHA-256 (hex) of the file content.</summary>
    public required string ContentHash { get; init; }

    /// <summary>Gets the ingestion outcome.</summary>
    public DocumentStatus Status { get; init; }

    /// <summary>Gets why ingestion failed, when <see cref="Status"/> is <see cref="DocumentStatus.Failed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the number of stored chunks.</summary>
    public int ChunkCount { get; init; }

    /// <summary>Gets when the document was last ingested.</summary>
    public DateTimeOffset IndexedAt { get; init; }

    /// <summary>Gets the document's tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}
