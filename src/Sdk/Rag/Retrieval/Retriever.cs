// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rag;

/// <summary>
/// Hybrid retrieval over a <see cref="KnowledgeStore"/>: embeds the query (query purpose), searches vectors and keywords,
/// drops passages under the cosine relevance floor unless they hold every content term of the query verbatim (those are
/// kept and flagged <see cref="Source.IsKeywordOnly"/>), puts passages with body text before heading-only and contents
/// passages, and diversifies. Thread-safe.
/// </summary>
internal sealed class Retriever
{
    private const double DefaultFloor = 0.3;
    private const double DefaultSemanticOnlyFloor = 0.5;

    private static readonly EmbeddingGenerationOptions s_queryOptions = ((EmbeddingGenerationOptions?)null).WithPurpose(EmbeddingPurpose.Query);

    private readonly KnowledgeStore _store;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;
    private readonly RetrievalOptions _options;
    private readonly ILogger _logger;
    private int _modelVerified;

    public Retriever(KnowledgeStore store, IEmbeddingGenerator<string, Embedding<float>> embeddings, RetrievalOptions options, ILogger logger)
    {
        _store = store;
        _embeddings = embeddings;
        _options = options;
        _logger = logger;
    }

    /// <summary>Embeds <paramref name="text"/> for searching (query purpose).</summary>
    public async Task<ReadOnlyMemory<float>> EmbedQueryAsync(string text, CancellationToken cancellationToken)
    {
        Embedding<float> embedding = await _embeddings.GenerateAsync(text, s_queryOptions, cancellationToken);
        return embedding.Vector;
    }

    /// <summary>
    /// Checks, once, that the index was built with the configured model: a query vector of another model would rank
    /// nonsense (two 384-d models have the same length) and answer "not found" instead of failing.
    /// </summary>
    /// <exception cref="EmbeddingModelMismatchException">The index holds vectors of another model.</exception>
    private async Task VerifyModelAsync(int queryDimensions, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _modelVerified) != 0)
        {
            return;
        }

        EmbeddingModelInfo? stored = await _store.GetEmbeddingModelAsync(cancellationToken);
        if (stored is null)
        {
            return; // an empty index binds to no model yet: check again on the next query
        }

        EmbeddingModelIdentity.ThrowIfMismatch(stored, await EmbeddingModelIdentity.ResolveAsync(_embeddings, queryDimensions, cancellationToken));
        Volatile.Write(ref _modelVerified, 1);
    }

    public async Task<RetrievalResult> RetrieveAsync(string query, SearchOptions? options, CancellationToken cancellationToken)
    {
        using RagTelemetry.OperationScope scope = RagTelemetry.Start("retrieve");
        try
        {
            RetrievalResult result = await RetrieveCoreAsync(query, options, cancellationToken);
            RagTelemetry.RecordRetrieval(scope, options?.Top ?? _options.Top, result);
            return result;
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<RetrievalResult> RetrieveCoreAsync(string query, SearchOptions? options, CancellationToken cancellationToken)
    {
        int top = options?.Top ?? _options.Top;
        (double floor, double semanticOnlyFloor) = Floors(options);
        RetrievalLog.SearchQuery(_logger, query);

        ReadOnlyMemory<float> queryVector;
        using (RagTelemetry.StartModelCall("retrieve.embed", "embeddings", _embeddings, static e => e.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId))
        {
            queryVector = await EmbedQueryAsync(query, cancellationToken);
        }

        await VerifyModelAsync(queryVector.Length, cancellationToken);
        int fetch = _options.Diversification == DiversificationMode.None ? top : Math.Max(top * _options.CandidateMultiplier, top + 10);
        var request = new ChunkSearchRequest
        {
            Vector = queryVector,
            Keywords = _options.UseKeywords ? query : null,
            Top = fetch,
            Filter = options?.Filter,
            Hybrid = _options.Hybrid,
            IncludeEmbeddings = true,
        };

        IReadOnlyList<ChunkSearchResult> results;
        using (Activity? search = RagTelemetry.StartPhase("retrieve.search"))
        {
            search?.SetTag("rag.retrieve.keywords", request.Keywords is not null).SetTag("rag.retrieve.candidates", fetch);
            results = await _store.SearchAsync(request, cancellationToken);
            search?.SetTag("rag.retrieve.results", results.Count);
        }

        // A floor set for this call applies to every passage, literal matches included.
        List<string> queryTerms = _options.UseKeywords && options?.MinRelevance is null ? TextAnalysis.ContentTerms(query) : [];
        var candidates = new List<Candidate>(results.Count);
        var headingOnly = new List<Candidate>();
        int belowFloor = 0;
        foreach (ChunkSearchResult result in results)
        {
            // The floor is on the cosine similarity (the store gives every result one), never the fused score: a
            // keyword-only hit must earn its place by meaning.
            double? cosine = result.VectorScore;

            // A passage with a term of the query must reach the floor; one that matches by meaning alone, the higher one;
            // one that holds every content term of the query verbatim is a literal match and is kept whatever its cosine.
            double value = cosine ?? 0;
            bool literal = false;
            if (cosine is null || value < (result.KeywordScore is null ? semanticOnlyFloor : floor))
            {
                literal = result.KeywordScore is not null && queryTerms.Count > 0 && TextAnalysis.Coverage(queryTerms, result.Chunk.Text) >= 1;
                if (!literal)
                {
                    belowFloor++;
                    continue;
                }
            }

            // Heading-only and contents passages stay available, after every passage with body text.
            var candidate = new Candidate(result, value, literal);
            (PassageSentences.HasBodyText(PassageSentences.Read(result.Chunk.Text, result.Chunk.HeadingPath, result.Chunk.Title)) ? candidates : headingOnly).Add(candidate);
        }

        candidates.AddRange(headingOnly);

        List<Candidate> chosen = _options.Diversification switch
        {
            DiversificationMode.None => candidates.GetRange(0, Math.Min(top, candidates.Count)),
            DiversificationMode.PerDocumentCap => CapPerDocument(candidates, top, _options.MaxChunksPerDocument),
            _ => MaximalMarginalRelevance(candidates, top, _options.MaxChunksPerDocument, _options.MmrLambda),
        };

        var sources = new Source[chosen.Count];
        HashSet<string> snippetTerms = [.. TextAnalysis.ContentTerms(query)];
        for (int i = 0; i < chosen.Count; i++)
        {
            sources[i] = Source.FromResult(i + 1, chosen[i].Result, chosen[i].Cosine, chosen[i].IsKeywordOnly, snippetTerms);
        }

        RetrievalLog.Retrieved(_logger, sources.Length, results.Count, belowFloor, floor);
        return new RetrievalResult(sources, queryVector, results.Count);
    }

    private (double WithKeywordMatch, double WithoutKeywordMatch) Floors(SearchOptions? options)
    {
        if (options?.MinRelevance is double single)
        {
            return (single, single);
        }

        RelevanceCalibration? calibration = _embeddings.GetService<RelevanceCalibration>();
        double withKeywords = _options.MinRelevance ?? calibration?.WithKeywordMatch ?? DefaultFloor;
        double withoutKeywords = _options.MinRelevanceWithoutKeywordMatch ?? calibration?.WithoutKeywordMatch ?? Math.Max(withKeywords, DefaultSemanticOnlyFloor);
        return (withKeywords, withoutKeywords);
    }

    private static List<Candidate> CapPerDocument(List<Candidate> candidates, int top, int cap)
    {
        var perDocument = new Dictionary<string, int>(StringComparer.Ordinal);
        var chosen = new List<Candidate>(top);
        foreach (Candidate candidate in candidates)
        {
            string id = candidate.Result.Chunk.DocumentId;
            int count = perDocument.GetValueOrDefault(id);
            if (count < cap)
            {
                perDocument[id] = count + 1;
                chosen.Add(candidate);
                if (chosen.Count == top)
                {
                    break;
                }
            }
        }

        return chosen;
    }

    private static List<Candidate> MaximalMarginalRelevance(List<Candidate> candidates, int top, int cap, double lambda)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        // The first pick is the store's best (it respects hybrid fusion); each next one trades the passage's cosine
        // relevance against its highest similarity to those already picked, both on the same cosine scale.
        var remaining = new List<Candidate>(candidates);
        var chosen = new List<Candidate>(top);
        var perDocument = new Dictionary<string, int>(StringComparer.Ordinal);
        while (chosen.Count < top && remaining.Count > 0)
        {
            int bestIndex = -1;
            double bestValue = double.MinValue;
            for (int i = 0; i < remaining.Count; i++)
            {
                Candidate candidate = remaining[i];
                if (perDocument.GetValueOrDefault(candidate.Result.Chunk.DocumentId) >= cap)
                {
                    continue;
                }

                if (chosen.Count == 0)
                {
                    bestIndex = i;
                    break;
                }

                double relevance = candidate.Cosine;
                double redundancy = 0;
                foreach (Candidate selected in chosen)
                {
                    redundancy = Math.Max(redundancy, Similarity(candidate, selected));
                }

                double value = (lambda * relevance) - ((1 - lambda) * redundancy);
                if (value > bestValue)
                {
                    bestValue = value;
                    bestIndex = i;
                }
            }

            if (bestIndex < 0)
            {
                break;
            }

            Candidate best = remaining[bestIndex];
            remaining.RemoveAt(bestIndex);
            chosen.Add(best);
            perDocument[best.Result.Chunk.DocumentId] = perDocument.GetValueOrDefault(best.Result.Chunk.DocumentId) + 1;
        }

        return chosen;
    }

    private static double Similarity(Candidate a, Candidate b)
    {
        ReadOnlyMemory<float> x = a.Result.Chunk.Embedding, y = b.Result.Chunk.Embedding;
        if (!x.IsEmpty && x.Length == y.Length)
        {
            return TensorPrimitives.CosineSimilarity(x.Span, y.Span);
        }

        // Without vectors, treat passages of the same document as redundant.
        return string.Equals(a.Result.Chunk.DocumentId, b.Result.Chunk.DocumentId, StringComparison.Ordinal) ? 1 : 0;
    }

    private readonly record struct Candidate(ChunkSearchResult Result, double Cosine, bool IsKeywordOnly);
}
