// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Rag.Evaluation;

namespace Rag.Benchmarks.Retrieval;

/// <summary>
/// The tables of a retrieval-quality comparison, one model at a time: keyword only, vector only, hybrid with the SDK
/// defaults, and hybrid with each fusion method's settings tuned on the train split (reported on test); and a sweep of the
/// vector weight (test and train nDCG@10 of each weight, so a default weight can be judged across corpora, not only at its best).
/// </summary>
internal sealed class RetrievalComparison
{
    private static readonly double[] s_weights = [0.3, 0.4, 0.5, 0.6, 0.7];

    /// <summary>Gets the configuration rows, header first: one per configuration, cumulative over the models added.</summary>
    public List<string[]> Rows { get; } = [["Configuration", "Tuned on train", "nDCG@10", "Recall@10", "Recall@100", "MRR@10"]];

    /// <summary>Gets the vector-weight sweep, header first: test (train) nDCG@10 by weight, one row per model and score-based fusion method.</summary>
    public List<string[]> WeightSweep { get; } = [["Model, fusion", .. s_weights.Select(w => "w=" + OneDecimal(w)), "best on train"]];

    /// <summary>Formats a metric with three decimals.</summary>
    public static string Format(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds the rows of one model (the keyword-only row once, with the first model). Each fusion method is tuned on
    /// <paramref name="train"/> unless <paramref name="tuned"/> gives its settings (another store's, so both compare one configuration).
    /// </summary>
    /// <returns>The settings of each fusion method, tuned or as given.</returns>
    public async Task<IReadOnlyDictionary<HybridFusionMethod, HybridSearchSettings>> AddModelAsync(
        IRetrievalIndex index, QuerySet test, QuerySet train, IReadOnlyDictionary<HybridFusionMethod, HybridSearchSettings>? tuned, CancellationToken cancellationToken)
    {
        if (!Rows.Any(r => r[0].StartsWith("Keyword only", StringComparison.Ordinal)))
        {
            Rows.Add(Row("Keyword only (BM25)", "—", await index.EvaluateAsync(test, useVector: false, useKeywords: true, null, cancellationToken)));
        }

        Rows.Add(Row($"Vector only ({index.ModelName})", "—", await index.EvaluateAsync(test, useVector: true, useKeywords: false, null, cancellationToken)));

        HybridSearchSettings defaults = new();
        Rows.Add(Row($"Hybrid {index.ModelName}, SDK defaults ({Describe(defaults)})", "—", await index.EvaluateAsync(test, true, true, defaults, cancellationToken)));

        var chosen = new Dictionary<HybridFusionMethod, HybridSearchSettings>();
        foreach (HybridFusionMethod method in Enum.GetValues<HybridFusionMethod>())
        {
            if (tuned?.GetValueOrDefault(method) is { } given)
            {
                chosen[method] = given;
                Rows.Add(Row($"Hybrid {index.ModelName}, {Describe(given)}", "as first store", await index.EvaluateAsync(test, true, true, given, cancellationToken)));
                continue;
            }

            (HybridSearchSettings best, double trainNdcg) = await TuneAsync(index, test, train, method, cancellationToken);
            chosen[method] = best;
            Rows.Add(Row($"Hybrid {index.ModelName}, {Describe(best)}", Format(trainNdcg), await index.EvaluateAsync(test, true, true, best, cancellationToken)));
        }

        return chosen;
    }

    /// <summary>Tunes one method on train; for the score-based methods it also adds the test figure of every weight to <see cref="WeightSweep"/>.</summary>
    private async Task<(HybridSearchSettings Best, double TrainNdcg)> TuneAsync(IRetrievalIndex index, QuerySet test, QuerySet train, HybridFusionMethod method, CancellationToken cancellationToken)
    {
        bool byRank = method == HybridFusionMethod.ReciprocalRank;
        HybridSearchSettings[] grid = byRank
            ? [.. new[] { 10, 60 }.Select(k => new HybridSearchSettings { Method = method, ReciprocalRankK = k, VectorWeight = 0.5 })]
            : [.. s_weights.Select(w => new HybridSearchSettings { Method = method, VectorWeight = w })];
        HybridSearchSettings best = grid[0];
        double bestScore = -1;
        var sweep = new List<string> { $"{index.ModelName}, {method}" };
        foreach (HybridSearchSettings settings in grid)
        {
            RetrievalMetrics metrics = await index.EvaluateAsync(train, true, true, settings, cancellationToken);
            if (metrics.NdcgAt10 > bestScore)
            {
                (best, bestScore) = (settings, metrics.NdcgAt10);
            }

            if (!byRank)
            {
                sweep.Add($"{Format((await index.EvaluateAsync(test, true, true, settings, cancellationToken)).NdcgAt10)} ({Format(metrics.NdcgAt10)})");
            }
        }

        if (!byRank)
        {
            WeightSweep.Add([.. sweep, "w=" + OneDecimal(best.VectorWeight)]);
        }

        return (best, bestScore);
    }

    private static string OneDecimal(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Describe(HybridSearchSettings s) => s.Method switch
    {
        HybridFusionMethod.ReciprocalRank => string.Create(CultureInfo.InvariantCulture, $"RRF k={s.ReciprocalRankK}, vector weight {s.VectorWeight:0.0#}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{s.Method}, vector weight {s.VectorWeight:0.0#}"),
    };

    private static string[] Row(string name, string tuned, RetrievalMetrics m) =>
        [name, tuned, Format(m.NdcgAt10), Format(m.RecallAt10), Format(m.RecallAt100), Format(m.MrrAt10)];
}
