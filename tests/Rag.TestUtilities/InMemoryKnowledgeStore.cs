// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.TestUtilities;

/// <summary>
/// A thread-safe <see cref="KnowledgeStore"/> held in memory, for unit tests of ingestion and retrieval that must not
/// depend on a real store. It ranks as the SQLite store does with English text: cosine similarity for the vector list, and
/// for the keyword list Okapi BM25 as SQLite FTS5 computes it (<see cref="KeywordRanking"/>) over the title, heading path
/// and text weighted 2, 1.5 and 1, with the stores' query terms and FTS5's Porter stemming; the SDK's
/// <see cref="HybridFusion"/> fuses the two.
/// </summary>
/// <remarks>Unlike the SQLite store it neither folds accents nor analyses Spanish.</remarks>
public sealed partial class InMemoryKnowledgeStore : KnowledgeStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DocumentRecord Record, IReadOnlyList<StoredChunk> Chunks)> _documents = new(StringComparer.Ordinal);
    private EmbeddingModelInfo? _model;
    private long _nextKey;

    /// <summary>Gets how many times <see cref="UpsertDocumentAsync"/> was called, so tests can check what was re-processed.</summary>
    public int UpsertCount { get; private set; }

    public override Task InitializeAsync(EmbeddingModelInfo model, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_model is not null && _model != model)
            {
                throw new EmbeddingModelMismatchException(_model, model);
            }

            _model = model;
        }

        return Task.CompletedTask;
    }

    public override Task ResetAsync(EmbeddingModelInfo model, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _documents.Clear();
            _model = model;
        }

        return Task.CompletedTask;
    }

    public override Task<EmbeddingModelInfo?> GetEmbeddingModelAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_model);
        }
    }

    public override Task<IReadOnlyList<DocumentRecord>> GetDocumentsAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<DocumentRecord>>(
                [.. _documents.Values.Select(d => d.Record).OrderBy(r => r.Path, StringComparer.Ordinal)]);
        }
    }

    public override Task UpsertDocumentAsync(DocumentRecord document, IReadOnlyList<DocumentChunk> chunks, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _documents[document.Id] = (WithChunkCount(document, chunks.Count), [.. chunks.Select(c => new StoredChunk(++_nextKey, c))]);
            UpsertCount++;
        }

        return Task.CompletedTask;
    }

    public override Task RenameDocumentAsync(string documentId, DocumentRecord renamed, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_documents.Remove(documentId, out var stored))
            {
                _documents[renamed.Id] = (WithChunkCount(renamed, stored.Chunks.Count), [.. stored.Chunks.Select(c => new StoredChunk(c.Key, Rebase(c.Chunk, renamed)))]);
            }
        }

        return Task.CompletedTask;
    }

    public override Task DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _documents.Remove(documentId);
        }

        return Task.CompletedTask;
    }

    public override Task<IReadOnlyList<DocumentChunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<DocumentChunk>>(
                _documents.TryGetValue(documentId, out var d) ? [.. d.Chunks.Select(c => WithEmbedding(c.Chunk, ReadOnlyMemory<float>.Empty))] : []);
        }
    }

    /// <summary>Gets a document's chunks as stored, embeddings included (<see cref="GetChunksAsync"/> leaves them out), so tests can check what ingestion embedded.</summary>
    /// <param name="documentId">The document identifier.</param>
    /// <returns>The chunks in order; empty when the document is unknown.</returns>
    public IReadOnlyList<DocumentChunk> GetStoredChunks(string documentId)
    {
        lock (_lock)
        {
            return _documents.TryGetValue(documentId, out var d) ? [.. d.Chunks.Select(c => c.Chunk)] : [];
        }
    }

    protected override Task<KnowledgeSearchSnapshot> OpenSearchSnapshotAsync(ChunkSearchRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_model is not null && !request.Vector.IsEmpty && request.Vector.Length != _model.Dimensions)
            {
                throw new ArgumentException($"The query vector has {request.Vector.Length} dimensions; the store holds {_model.Dimensions}-dimensional vectors.", nameof(request));
            }

            // Chunks are immutable and a replace swaps the document's list, so a copy of the lists is a snapshot.
            return Task.FromResult<KnowledgeSearchSnapshot>(new SearchSnapshot(request, [.. AllChunks()]));
        }
    }

    private IEnumerable<StoredChunk> AllChunks() => _documents.Values.SelectMany(d => d.Chunks);

    private static bool Matches(DocumentChunk chunk, ChunkFilter? filter) =>
        filter is null
        || ((filter.PathPrefix is null || chunk.Path.StartsWith(filter.PathPrefix, StringComparison.Ordinal))
            && (filter.FileTypes.Count == 0 || filter.FileTypes.Contains(chunk.FileType, StringComparer.OrdinalIgnoreCase))
            && (filter.Tags.Count == 0 || filter.Tags.Any(chunk.Tags.Contains))
            && (filter.DocumentIds.Count == 0 || filter.DocumentIds.Contains(chunk.DocumentId)));

    private static DocumentRecord WithChunkCount(DocumentRecord d, int chunkCount) => new()
    {
        Id = d.Id,
        Path = d.Path,
        Title = d.Title,
        FileType = d.FileType,
        Size = d.Size,
        LastModified = d.LastModified,
        ContentHash = d.ContentHash,
        Status = d.Status,
        Error = d.Error,
        ChunkCount = chunkCount,
        IndexedAt = d.IndexedAt,
        Tags = d.Tags,
    };

    private static DocumentChunk Rebase(DocumentChunk c, DocumentRecord renamed) => Copy(c, renamed.Id, renamed.Path, renamed.Tags, c.Embedding);

    private static DocumentChunk WithEmbedding(DocumentChunk c, ReadOnlyMemory<float> embedding) => Copy(c, c.DocumentId, c.Path, c.Tags, embedding);

    private static DocumentChunk Copy(DocumentChunk c, string documentId, string path, IReadOnlyList<string> tags, ReadOnlyMemory<float> embedding) => new()
    {
        DocumentId = documentId,
        Index = c.Index,
        Text = c.Text,
        Path = path,
        Title = c.Title,
        HeadingPath = c.HeadingPath,
        PageNumber = c.PageNumber,
        StartLine = c.StartLine,
        EndLine = c.EndLine,
        StartOffset = c.StartOffset,
        EndOffset = c.EndOffset,
        ContentHash = c.ContentHash,
        FileType = c.FileType,
        Tags = tags,
        OcrConfidence = c.OcrConfidence,
        Embedding = embedding,
    };
}
