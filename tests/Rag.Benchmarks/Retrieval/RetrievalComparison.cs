// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Rag.Evaluation;

namespace Rag.Benchmarks.Retrieval;

/// <summary>
/// The rows of a retrieval-quality table: keyword only, vector only, hybrid with the SDK defaults, and hybrid with each
/// fusion method's settings tuned on the train split (reported on test).
/// </summary>
internal static class RetrievalComparison
{
    /// <summary>Gets the table header.</summary>
    public static string[] Header { get; } = ["Configuration", "Tuned on train", "nDCG@10", "Recall@10", "Recall@100", "MRR@10"];

    /// <summary>Adds the rows of one model; the keyword-only row is added once, with the first model.</summary>
    public static async Task AddModelRowsAsync(IRetrievalIndex index, QuerySet test, QuerySet train, List<string[]> rows, CancellationToken cancellationToken)
    {
        if (!rows.Any(r => r[0].StartsWith("Keyword only", StringComparison.Ordinal)))
        {
            rows.Add(Row("Keyword only (BM25)", "—", await index.EvaluateAsync(test, useVector: false, useKeywords: true, null, cancellationToken)));
        }

        rows.Add(Row($"Vector only ({index.ModelName})", "—", await index.EvaluateAsync(test, useVector: true, useKeywords: false, null, cancellationToken)));

        HybridSearchSettings defaults = new();
        rows.Add(Row($"Hybrid {index.ModelName}, SDK defaults ({Describe(defaults)})", "—", await index.EvaluateAsync(test, true, true, defaults, cancellationToken)));

        foreach (HybridFusionMethod method in Enum.GetValues<HybridFusionMethod>())
        {
            (HybridSearchSettings best, double trainNdcg) = await TuneAsync(index, train, method, cancellationToken);
            rows.Add(Row($"Hybrid {index.ModelName}, {Describe(best)}", Format(trainNdcg), await index.EvaluateAsync(test, true, true, best, cancellationToken)));
        }
    }

    /// <summary>Formats a metric with three decimals.</summary>
    public static string Format(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static async Task<(HybridSearchSettings Best, double TrainNdcg)> TuneAsync(IRetrievalIndex index, QuerySet train, HybridFusionMethod method, CancellationToken cancellationToken)
    {
        IEnumerable<HybridSearchSettings> grid = method == HybridFusionMethod.ReciprocalRank
            ? new[] { 10, 60 }.Select(k => new HybridSearchSettings { Method = method, ReciprocalRankK = k, VectorWeight = 0.5 })
            : Enumerable.Range(3, 5).Select(i => new HybridSearchSettings { Method = method, VectorWeight = i / 10.0 });
        HybridSearchSettings best = new();
        double bestScore = -1;
        foreach (HybridSearchSettings settings in grid)
        {
            RetrievalMetrics metrics = await index.EvaluateAsync(train, true, true, settings, cancellationToken);
            if (metrics.NdcgAt10 > bestScore)
            {
                (best, bestScore) = (settings, metrics.NdcgAt10);
            }
        }

        return (best, bestScore);
    }

    private static string Describe(HybridSearchSettings s) => s.Method switch
    {
        HybridFusionMethod.ReciprocalRank => string.Create(CultureInfo.InvariantCulture, $"RRF k={s.ReciprocalRankK}, vector weight {s.VectorWeight:0.0#}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{s.Method}, vector weight {s.VectorWeight:0.0#}"),
    };

    private static string[] Row(string name, string tuned, RetrievalMetrics m) =>
        [name, tuned, Format(m.NdcgAt10), Format(m.RecallAt10), Format(m.RecallAt100), Format(m.MrrAt10)];
}
