// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Rag.Evaluation;

/// <summary>
/// Scores ranked retrieval results against relevance judgements (qrels), so an application can measure its own
/// knowledge base offline: nDCG@10, recall@10, recall@100 and MRR@10, defined as in BEIR (pytrec_eval).
/// </summary>
public static class RetrievalEvaluator
{
    /// <summary>Computes the metrics over every judged query.</summary>
    /// <param name="judgements">For each query id, the relevant document ids and their graded relevance (&gt; 0).</param>
    /// <param name="rankings">For each query id, the retrieved document ids, best first. A judged query with no ranking scores 0.</param>
    /// <returns>The metrics averaged over the judged queries.</returns>
    /// <exception cref="ArgumentException"><paramref name="judgements"/> is empty.</exception>
    public static RetrievalMetrics Evaluate(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> judgements,
        IReadOnlyDictionary<string, IReadOnlyList<string>> rankings)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        ArgumentNullException.ThrowIfNull(rankings);
        if (judgements.Count == 0)
        {
            throw new ArgumentException("At least one judged query is needed.", nameof(judgements));
        }

        double ndcg = 0, recall10 = 0, recall100 = 0, mrr = 0;
        foreach ((string queryId, IReadOnlyDictionary<string, int> relevant) in judgements)
        {
            IReadOnlyList<string> ranked = rankings.TryGetValue(queryId, out IReadOnlyList<string>? r) ? Distinct(r) : [];
            ndcg += Ndcg(relevant, ranked, 10);
            recall10 += Recall(relevant, ranked, 10);
            recall100 += Recall(relevant, ranked, 100);
            mrr += ReciprocalRank(relevant, ranked, 10);
        }

        int n = judgements.Count;
        return new RetrievalMetrics(n, ndcg / n, recall10 / n, recall100 / n, mrr / n);
    }

    private static List<string> Distinct(IReadOnlyList<string> ranked)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. ranked.Where(seen.Add)];
    }

    private static double Ndcg(IReadOnlyDictionary<string, int> relevant, IReadOnlyList<string> ranked, int k)
    {
        double dcg = 0;
        for (int i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (relevant.TryGetValue(ranked[i], out int gain) && gain > 0)
            {
                dcg += gain / Math.Log2(i + 2);
            }
        }

        double ideal = relevant.Values.Where(g => g > 0).OrderDescending().Take(k).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return ideal > 0 ? dcg / ideal : 0;
    }

    private static double Recall(IReadOnlyDictionary<string, int> relevant, IReadOnlyList<string> ranked, int k)
    {
        int total = relevant.Values.Count(g => g > 0);
        return total == 0 ? 0 : (double)ranked.Take(k).Count(id => relevant.TryGetValue(id, out int g) && g > 0) / total;
    }

    private static double ReciprocalRank(IReadOnlyDictionary<string, int> relevant, IReadOnlyList<string> ranked, int k)
    {
        for (int i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (relevant.TryGetValue(ranked[i], out int g) && g > 0)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }
}
