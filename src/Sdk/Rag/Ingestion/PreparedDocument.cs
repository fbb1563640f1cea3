// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag.Ingestion;

/// <summary>A file read and chunked, waiting for its embeddings (or its failure, or a timestamp-only update).</summary>
internal sealed class PreparedDocument(SourceFile file)
{
    public SourceFile File { get; } = file;

    public string? Title { get; init; }

    public string? Error { get; init; }

    public bool Touched { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IReadOnlyList<DocumentChunk> Chunks { get; init; } = [];

    public DocumentChunk[] Embedded { get; set; } = [];

    public int EmbeddedCount { get; set; }
}
