// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Ingestion;

/// <summary>A file found in the synced folder.</summary>
internal sealed record SourceFile(string FullPath, string RelativePath, long Size, DateTimeOffset LastModified)
{
    /// <summary>Gets or sets the stored record of the same path, if any.</summary>
    public DocumentRecord? Existing { get; set; }

    /// <summary>Gets or sets the content hash, once computed.</summary>
    public string? ContentHash { get; set; }
}
