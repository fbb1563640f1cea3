// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Postgres.Search;

/// <summary>A chunk of a final ranking with the score of each list it came from.</summary>
/// <param name="Id">The chunk's row id.</param>
/// <param name="Score">The final score (higher is better).</param>
/// <param name="VectorScore">The cosine similarity, when a vector was searched.</param>
/// <param name="KeywordScore">The <c>ts_rank_cd</c> relevance, when keywords matched.</param>
internal readonly record struct FusedId(long Id, double Score, double? VectorScore, double? KeywordScore);
