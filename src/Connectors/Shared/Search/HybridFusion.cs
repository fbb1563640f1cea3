// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Rag.Connectors.Search;

/// <summary>Fuses a vector list and a keyword list into one ranking. Shared source: compiled into every store connector, so all stores rank alike.</summary>
internal static class HybridFusion
{
    public static List<FusedRow> Fuse(IReadOnlyList<ScoredRow> vector, IReadOnlyList<ScoredRow> keyword, HybridSearchSettings settings, int top)
    {
        double w = Math.Clamp(settings.VectorWeight, 0, 1);
        var scores = new Dictionary<long, (double Fused, double? Vector, double? Keyword)>();
        switch (settings.Method)
        {
            case HybridFusionMethod.ReciprocalRank:
                int k = Math.Max(0, settings.ReciprocalRankK);
                for (int i = 0; i < vector.Count; i++)
                {
                    Add(scores, vector[i].RowId, w / (k + i + 1), vector[i].Score, null);
                }

                for (int i = 0; i < keyword.Count; i++)
                {
                    Add(scores, keyword[i].RowId, (1 - w) / (k + i + 1), null, keyword[i].Score);
                }

                break;

            default:
                Func<IReadOnlyList<ScoredRow>, Func<double, double>> normalizer = settings.Method == HybridFusionMethod.DistributionBased ? DistributionNormalizer : MinMaxNormalizer;
                Func<double, double> vectorScale = normalizer(vector);
                Func<double, double> keywordScale = normalizer(keyword);
                foreach (ScoredRow row in vector)
                {
                    Add(scores, row.RowId, w * vectorScale(row.Score), row.Score, null);
                }

                foreach (ScoredRow row in keyword)
                {
                    Add(scores, row.RowId, (1 - w) * keywordScale(row.Score), null, row.Score);
                }

                break;
        }

        return [.. scores
            .Select(p => new FusedRow(p.Key, p.Value.Fused, p.Value.Vector, p.Value.Keyword))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.RowId)
            .Take(top)];
    }

    private static void Add(Dictionary<long, (double Fused, double? Vector, double? Keyword)> scores, long rowId, double fused, double? vector, double? keyword)
    {
        if (scores.TryGetValue(rowId, out var existing))
        {
            scores[rowId] = (existing.Fused + fused, vector ?? existing.Vector, keyword ?? existing.Keyword);
        }
        else
        {
            scores[rowId] = (fused, vector, keyword);
        }
    }

    // A list whose scores are all equal contributes its full weight to each of its rows (both normalisers).
    private static Func<double, double> MinMaxNormalizer(IReadOnlyList<ScoredRow> rows)
    {
        if (rows.Count == 0)
        {
            return _ => 1;
        }

        double min = rows.Min(r => r.Score);
        double range = rows.Max(r => r.Score) - min;
        return range <= 0 ? _ => 1 : score => (score - min) / range;
    }

    private static Func<double, double> DistributionNormalizer(IReadOnlyList<ScoredRow> rows)
    {
        if (rows.Count == 0)
        {
            return _ => 1;
        }

        double mean = rows.Average(r => r.Score);
        double deviation = Math.Sqrt(rows.Average(r => (r.Score - mean) * (r.Score - mean)));
        double low = mean - (3 * deviation);
        return deviation <= 0 ? _ => 1 : score => Math.Clamp((score - low) / (6 * deviation), 0, 1);
    }
}
