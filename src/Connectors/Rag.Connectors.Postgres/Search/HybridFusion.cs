// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Rag.Connectors.Postgres.Search;

/// <summary>Fuses a vector list and a keyword list into one ranking, with the same formulas as the SQLite store.</summary>
internal static class HybridFusion
{
    public static List<FusedId> Fuse(IReadOnlyList<ScoredId> vector, IReadOnlyList<ScoredId> keyword, HybridSearchSettings settings, int top)
    {
        double w = Math.Clamp(settings.VectorWeight, 0, 1);
        var scores = new Dictionary<long, (double Fused, double? Vector, double? Keyword)>();
        if (settings.Method == HybridFusionMethod.ReciprocalRank)
        {
            int k = Math.Max(0, settings.ReciprocalRankK);
            for (int i = 0; i < vector.Count; i++)
            {
                Add(scores, vector[i].Id, w / (k + i + 1), vector[i].Score, null);
            }

            for (int i = 0; i < keyword.Count; i++)
            {
                Add(scores, keyword[i].Id, (1 - w) / (k + i + 1), null, keyword[i].Score);
            }
        }
        else
        {
            (double vMin, double vRange) = Range(vector);
            (double kMin, double kRange) = Range(keyword);
            foreach (ScoredId row in vector)
            {
                Add(scores, row.Id, w * Normalize(row.Score, vMin, vRange), row.Score, null);
            }

            foreach (ScoredId row in keyword)
            {
                Add(scores, row.Id, (1 - w) * Normalize(row.Score, kMin, kRange), null, row.Score);
            }
        }

        return [.. scores
            .Select(p => new FusedId(p.Key, p.Value.Fused, p.Value.Vector, p.Value.Keyword))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Id)
            .Take(top)];
    }

    private static void Add(Dictionary<long, (double Fused, double? Vector, double? Keyword)> scores, long id, double fused, double? vector, double? keyword)
    {
        scores[id] = scores.TryGetValue(id, out var existing)
            ? (existing.Fused + fused, vector ?? existing.Vector, keyword ?? existing.Keyword)
            : (fused, vector, keyword);
    }

    private static (double Min, double Range) Range(IReadOnlyList<ScoredId> rows)
    {
        if (rows.Count == 0)
        {
            return (0, 0);
        }

        double min = rows.Min(r => r.Score);
        return (min, rows.Max(r => r.Score) - min);
    }

    // A list whose scores are all equal contributes its full weight to each of its rows.
    private static double Normalize(double score, double min, double range) => range <= 0 ? 1 : (score - min) / range;
}
