// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Search;

/// <summary>A row found by one search list, with its similarity (higher is better).</summary>
/// <param name="RowId">The SQLite row id.</param>
/// <param name="Score">The similarity or relevance.</param>
internal readonly record struct ScoredRow(long RowId, double Score)
{
    /// <summary>Orders rows higher score first, ties by row id (so a ranking does not depend on how it was gathered).</summary>
    public static int BestFirst(ScoredRow a, ScoredRow b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.RowId.CompareTo(b.RowId);
}
