// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>How retrieval keeps the returned passages from repeating one another.</summary>
public enum DiversificationMode
{
    /// <summary>Passages are returned in relevance order, as the store ranked them.</summary>
    None = 0,

    /// <summary>At most <see cref="RetrievalOptions.MaxChunksPerDocument"/> passages come from any one document.</summary>
    PerDocumentCap = 1,

    /// <summary>
    /// Maximal marginal relevance: each next passage balances relevance against similarity to the passages already chosen,
    /// weighted by <see cref="RetrievalOptions.MmrLambda"/>; the per-document cap also applies.
    /// </summary>
    MaximalMarginalRelevance = 2,
}
