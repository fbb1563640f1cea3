// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Postgres.Search;

/// <summary>A chunk found by one search list, with its similarity or relevance (higher is better).</summary>
/// <param name="Id">The chunk's row id.</param>
/// <param name="Score">The similarity or relevance.</param>
internal readonly record struct ScoredId(long Id, double Score);
