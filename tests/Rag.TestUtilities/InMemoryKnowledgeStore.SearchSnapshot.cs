// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Numerics.Tensors;
using Rag.Connectors.Search;

namespace Rag.TestUtilities;

/// <content>The read view of one search.</content>
public sealed partial class InMemoryKnowledgeStore
{
    /// <summary>One search's view of the store: the chunks stored when the search began.</summary>
    private sealed class SearchSnapshot(ChunkSearchRequest request, IReadOnlyList<StoredChunk> chunks) : KnowledgeSearchSnapshot
    {
        protected override Task<IReadOnlyList<ChunkCandidate>> FindNearestAsync(int top, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlyMemory<float> vector = request.Vector;
            return Task.FromResult<IReadOnlyList<ChunkCandidate>>([.. chunks
                .Where(c => c.Chunk.Embedding.Length == vector.Length && Matches(c.Chunk, request.Filter))
                .Select(c => new ChunkCandidate(c.Key, TensorPrimitives.CosineSimilarity(vector.Span, c.Chunk.Embedding.Span)))
                .OrderByDescending(c => c.Score)
                .ThenBy(c => c.ChunkKey)
                .Take(top)]);
        }

        protected override Task<IReadOnlyList<ChunkCandidate>> FindKeywordMatchesAsync(int top, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Stemmed after the stores' term split, duplicates kept: FTS5 scores "return" OR "returns" as two phrases too.
            string[] terms = [.. QueryTerms.Split(request.Keywords!).Select(PorterStemmer.Stem)];
            return Task.FromResult(KeywordRanking.Rank(chunks, terms, c => Matches(c.Chunk, request.Filter), top));
        }

        protected override Task<IReadOnlyList<ChunkSearchResult>> ReadRankedAsync(IReadOnlyList<FusedCandidate> ranking, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlyMemory<float> vector = request.Vector;
            Dictionary<long, DocumentChunk> byKey = chunks.ToDictionary(c => c.Key, c => c.Chunk);
            var results = new List<ChunkSearchResult>(ranking.Count);
            foreach (FusedCandidate candidate in ranking)
            {
                if (!byKey.TryGetValue(candidate.ChunkKey, out DocumentChunk? chunk))
                {
                    continue;
                }

                double? similarity = candidate.VectorScore
                    ?? (vector.IsEmpty || chunk.Embedding.Length != vector.Length ? null : TensorPrimitives.CosineSimilarity(vector.Span, chunk.Embedding.Span));
                results.Add(new ChunkSearchResult(request.IncludeEmbeddings ? chunk : WithEmbedding(chunk, ReadOnlyMemory<float>.Empty), candidate.Score, similarity, candidate.KeywordScore));
            }

            return Task.FromResult<IReadOnlyList<ChunkSearchResult>>(results);
        }
    }
}
