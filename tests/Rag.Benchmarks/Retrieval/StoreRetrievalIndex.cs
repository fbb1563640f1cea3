// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Rag.Evaluation;

namespace Rag.Benchmarks.Retrieval;

/// <summary>
/// The query side shared by the retrieval indexes: embeds each query text once (query purpose), searches the store for the
/// top 100 chunks and scores the documents they rank, each document at its best chunk.
/// </summary>
internal abstract class StoreRetrievalIndex : IRetrievalIndex
{
    private const int ChunkCandidates = 100;

    private readonly IEmbeddingGenerator<string, Embedding<float>>? _generator;
    private readonly KnowledgeStore _store;
    private readonly Dictionary<string, ReadOnlyMemory<float>> _queryVectors = new(StringComparer.Ordinal);

    /// <param name="modelName">The model's short name.</param>
    /// <param name="generator">The query embedder; <see langword="null"/> for a keyword-only index.</param>
    /// <param name="store">The store searched.</param>
    protected StoreRetrievalIndex(string modelName, IEmbeddingGenerator<string, Embedding<float>>? generator, KnowledgeStore store)
    {
        ModelName = modelName;
        _generator = generator;
        _store = store;
    }

    public string ModelName { get; }

    public async Task<RetrievalMetrics> EvaluateAsync(QuerySet queries, bool useVector, bool useKeywords, HybridSearchSettings? hybrid, CancellationToken cancellationToken) =>
        RetrievalEvaluator.Evaluate(queries.Judgements, await RankAsync(queries, useVector, useKeywords, hybrid, cancellationToken));

    /// <summary>Runs every query (top 100 chunks) and returns each query's ranked document ids, each document at its best chunk.</summary>
    public async Task<Dictionary<string, IReadOnlyList<string>>> RankAsync(QuerySet queries, bool useVector, bool useKeywords, HybridSearchSettings? hybrid, CancellationToken cancellationToken)
    {
        if (useVector)
        {
            await EmbedQueriesAsync(queries, cancellationToken);
        }

        var rankings = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach ((string id, string text) in queries.Queries)
        {
            var request = new ChunkSearchRequest
            {
                Vector = useVector ? _queryVectors[text] : default,
                Keywords = useKeywords ? text : null,
                Top = ChunkCandidates,
                Hybrid = hybrid ?? new HybridSearchSettings(),
            };
            IReadOnlyList<ChunkSearchResult> results = await _store.SearchAsync(request, cancellationToken);
            rankings[id] = [.. results.Select(DocumentIdOf).Distinct(StringComparer.Ordinal)];
        }

        return rankings;
    }

    public virtual void Dispose()
    {
        _store.Dispose();
        _generator?.Dispose();
    }

    /// <summary>Gets the judged document id of a search result.</summary>
    protected abstract string DocumentIdOf(ChunkSearchResult result);

    private async Task EmbedQueriesAsync(QuerySet queries, CancellationToken cancellationToken)
    {
        string[] missing = [.. queries.Queries.Values.Where(q => !_queryVectors.ContainsKey(q)).Distinct(StringComparer.Ordinal)];
        if (missing.Length == 0)
        {
            return;
        }

        if (_generator is null)
        {
            throw new InvalidOperationException($"The {ModelName} index is keyword-only; it embeds no queries.");
        }

        GeneratedEmbeddings<Embedding<float>> embeddings = await _generator.GenerateAsync(
            missing, new EmbeddingGenerationOptions().WithPurpose(EmbeddingPurpose.Query), cancellationToken);
        for (int i = 0; i < missing.Length; i++)
        {
            _queryVectors[missing[i]] = embeddings[i].Vector;
        }
    }
}
