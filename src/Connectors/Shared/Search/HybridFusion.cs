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
                (double vMin, double vRange) = Range(vector);
                (double kMin, double kRange) = Range(keyword);
                foreach (ScoredRow row in vector)
                {
                    Add(scores, row.RowId, w * Normalize(row.Score, vMin, vRange), row.Score, null);
                }

                foreach (ScoredRow row in keyword)
                {
                    Add(scores, row.RowId, (1 - w) * Normalize(row.Score, kMin, kRange), null, row.Score);
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

    private static (double Min, double Range) Range(IReadOnlyList<ScoredRow> rows)
    {
        if (rows.Count == 0)
        {
            return (0, 0);
        }

        double min = rows.Min(r => r.Score);
        double max = rows.Max(r => r.Score);
        return (min, max - min);
    }

    // A list whose scores are all equal contributes its full weight to each of its rows.
    private static double Normalize(double score, double min, double range) => range <= 0 ? 1 : (score - min) / range;
}
