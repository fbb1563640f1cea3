// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Evaluation;

namespace Rag.Benchmarks.Retrieval;

/// <summary>A corpus indexed with one embedding model, which runs judged queries through the store and scores them; disposing it releases the store and the model.</summary>
internal interface IRetrievalIndex : IDisposable
{
    /// <summary>Gets the model's short name (for example <c>arctic</c>).</summary>
    string ModelName { get; }

    /// <summary>Runs every query of <paramref name="queries"/> (top 100 documents) and scores the rankings.</summary>
    Task<RetrievalMetrics> EvaluateAsync(QuerySet queries, bool useVector, bool useKeywords, HybridSearchSettings? hybrid, CancellationToken cancellationToken);
}
