// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>A chunk of the final ranking, before its text is read: its fused score and its raw score in each list that found it.</summary>
/// <param name="ChunkKey">The store's key of the chunk.</param>
/// <param name="Score">The final score, higher is better: the fused score, or the one list's raw score when only one list was searched.</param>
/// <param name="VectorScore">The cosine similarity, when the vector list found the chunk.</param>
/// <param name="KeywordScore">The BM25 relevance, when the keyword list found the chunk.</param>
public readonly record struct FusedCandidate(long ChunkKey, double Score, double? VectorScore, double? KeywordScore);
