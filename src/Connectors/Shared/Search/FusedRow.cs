// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Search;

/// <summary>A row of a final ranking with the score of each list it came from.</summary>
/// <param name="RowId">The SQLite row id.</param>
/// <param name="Score">The final score (higher is better).</param>
/// <param name="VectorScore">The vector similarity, when a vector was searched.</param>
/// <param name="KeywordScore">The BM25 relevance (higher is better), when keywords matched.</param>
internal readonly record struct FusedRow(long RowId, double Score, double? VectorScore, double? KeywordScore);
