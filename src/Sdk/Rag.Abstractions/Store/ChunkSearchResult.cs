// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>One chunk found by a search, with its scores.</summary>
/// <param name="Chunk">The chunk.</param>
/// <param name="Score">The final score (higher is better): cosine similarity, BM25, or the fused score.</param>
/// <param name="VectorScore">The cosine similarity to the query vector, when a vector was searched.</param>
/// <param name="KeywordScore">The keyword relevance (BM25, higher is better), when keywords were searched and matched.</param>
public sealed record ChunkSearchResult(DocumentChunk Chunk, double Score, double? VectorScore, double? KeywordScore);
