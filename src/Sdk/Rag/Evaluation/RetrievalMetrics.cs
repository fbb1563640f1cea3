// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Evaluation;

/// <summary>Standard retrieval-quality figures, averaged over queries (the BEIR / TREC definitions).</summary>
/// <param name="QueryCount">The number of judged queries averaged over.</param>
/// <param name="NdcgAt10">Normalised discounted cumulative gain of the top 10.</param>
/// <param name="RecallAt10">The share of relevant documents found in the top 10.</param>
/// <param name="RecallAt100">The share of relevant documents found in the top 100.</param>
/// <param name="MrrAt10">Mean reciprocal rank of the first relevant document within the top 10.</param>
public sealed record RetrievalMetrics(int QueryCount, double NdcgAt10, double RecallAt10, double RecallAt100, double MrrAt10);
