// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>Per-call options of a search; unset values fall back to <see cref="RetrievalOptions"/>.</summary>
public sealed class SearchOptions
{
    /// <summary>Gets or sets how many passages to return.</summary>
    /// <value>Defaults to <see langword="null"/>: <see cref="RetrievalOptions.Top"/>.</value>
    public int? Top { get; set; }

    /// <summary>Gets or sets a metadata filter (path prefix, file types, tags, documents).</summary>
    /// <value>Defaults to <see langword="null"/>: every document.</value>
    public ChunkFilter? Filter { get; set; }

    /// <summary>Gets or sets the relevance floor (cosine similarity) for this call.</summary>
    /// <value>
    /// Defaults to <see langword="null"/>: the configured floors (<see cref="RetrievalOptions.MinRelevance"/> and
    /// <see cref="RetrievalOptions.MinRelevanceWithoutKeywordMatch"/>). When set, this one floor applies to every passage.
    /// </value>
    public double? MinRelevance { get; set; }
}
