// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Numerics.Tensors;

namespace Rag.TestUtilities;

/// <summary>
/// A simple, thread-safe <see cref="KnowledgeStore"/> held in memory, for unit tests of ingestion and retrieval
/// that must not depend on a real store. Keyword relevance is the count of query terms found in the chunk.
/// </summary>
public sealed class InMemoryKnowledgeStore : KnowledgeStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DocumentRecord Record, IReadOnlyList<DocumentChunk> Chunks)> _documents = new(StringComparer.Ordinal);
    private EmbeddingModelInfo? _model;

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
            _documents[document.Id] = (document, [.. chunks]);
            UpsertCount++;
        }

        return Task.CompletedTask;
    }

    public override Task RenameDocumentAsync(string documentId, DocumentRecord renamed, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_documents.Remove(documentId, out var stored))
            {
                _documents[renamed.Id] = (renamed, [.. stored.Chunks.Select(c => Rebase(c, renamed))]);
            }
        }

        return Task.CompletedTask;
    }

    public override Task DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
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
            return Task.FromResult(_documents.TryGetValue(documentId, out var d) ? d.Chunks : (IReadOnlyList<DocumentChunk>)[]);
        }
    }

    public override Task<IReadOnlyList<ChunkSearchResult>> SearchAsync(ChunkSearchRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string[] terms = (request.Keywords ?? string.Empty)
            .Split([' ', ',', '.', '?', '!', ';', ':'], StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.ToLowerInvariant())
            .ToArray();

        List<DocumentChunk> chunks;
        lock (_lock)
        {
            chunks = [.. _documents.Values.SelectMany(d => d.Chunks).Where(c => Matches(c, request.Filter))];
        }

        var results = new List<ChunkSearchResult>();
        foreach (DocumentChunk chunk in chunks)
        {
            double? vector = request.Vector.IsEmpty || chunk.Embedding.IsEmpty
                ? null
                : TensorPrimitives.CosineSimilarity(request.Vector.Span, chunk.Embedding.Span);
            int hits = terms.Count(t => chunk.Text.Contains(t, StringComparison.OrdinalIgnoreCase));
            double? keyword = hits > 0 ? hits : null;
            if (vector is null && keyword is null)
            {
                continue;
            }

            double score = (vector ?? 0) + (keyword ?? 0);
            results.Add(new ChunkSearchResult(chunk, score, vector, keyword));
        }

        return Task.FromResult<IReadOnlyList<ChunkSearchResult>>([.. results.OrderByDescending(r => r.Score).Take(request.Top)]);
    }

    private static bool Matches(DocumentChunk chunk, ChunkFilter? filter) =>
        filter is null
        || ((filter.PathPrefix is null || chunk.Path.StartsWith(filter.PathPrefix, StringComparison.Ordinal))
            && (filter.FileTypes.Count == 0 || filter.FileTypes.Contains(chunk.FileType, StringComparer.OrdinalIgnoreCase))
            && (filter.Tags.Count == 0 || filter.Tags.Any(chunk.Tags.Contains))
            && (filter.DocumentIds.Count == 0 || filter.DocumentIds.Contains(chunk.DocumentId)));

    private static DocumentChunk Rebase(DocumentChunk c, DocumentRecord renamed) => new()
    {
        DocumentId = renamed.Id,
        Index = c.Index,
        Text = c.Text,
        Path = renamed.Path,
        Title = c.Title,
        HeadingPath = c.HeadingPath,
        PageNumber = c.PageNumber,
        StartLine = c.StartLine,
        EndLine = c.EndLine,
        StartOffset = c.StartOffset,
        EndOffset = c.EndOffset,
        ContentHash = c.ContentHash,
        FileType = c.FileType,
        Tags = renamed.Tags,
        Embedding = c.Embedding,
    };
}
