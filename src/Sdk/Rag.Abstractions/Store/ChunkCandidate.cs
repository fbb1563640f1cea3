// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>A chunk one search list found, before fusion: the store's key for it and its raw score in that list.</summary>
/// <param name="ChunkKey">The store's key of the chunk (its row id), unique within the store.</param>
/// <param name="Score">The list's raw score, higher is better: cosine similarity for the vector list, BM25 for the keyword list.</param>
public readonly record struct ChunkCandidate(long ChunkKey, double Score);
