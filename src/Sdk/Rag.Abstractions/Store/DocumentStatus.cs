// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>Whether a document is searchable or was rejected during ingestion.</summary>
public enum DocumentStatus
{
    /// <summary>The document's chunks are stored and searchable.</summary>
    Indexed = 0,

    /// <summary>The document could not be ingested; <see cref="DocumentRecord.Error"/> says why. It has no chunks.</summary>
    Failed = 1,
}
