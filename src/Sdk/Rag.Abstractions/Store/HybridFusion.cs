// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Rag;

/// <summary>
/// The one place the SDK fuses a vector list and a keyword list into one ranking (<see cref="HybridFusionMethod"/>), for
/// every store: stores return raw candidates (<see cref="KnowledgeStore.SearchAsync"/>), so all stores rank alike.
/// </summary>
public static class HybridFusion
{
    /// <summary>Fuses two candidate lists, each best first, into the best <paramref name="top"/> chunks, best first (ties by key).</summary>
    /// <param name="vector">The vector candidates with their cosine similarities, best first.</param>
    /// <param name="keyword">The keyword candidates with their BM25 relevance, best first.</param>
    /// <param name="settings">The fusion method and weights.</param>
    /// <param name="top">How many fused candidates to return.</param>
    /// <returns>The fused ranking; each candidate keeps the raw score of each list that found it.</returns>
    public static IReadOnlyList<FusedCandidate> Fuse(IReadOnlyList<ChunkCandidate> vector, IReadOnlyList<ChunkCandidate> keyword, HybridSearchSettings settings, int top)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(keyword);
        ArgumentNullException.ThrowIfNull(settings);
        double w = Math.Clamp(settings.VectorWeight, 0, 1);
        var scores = new Dictionary<long, (double Fused, double? Vector, double? Keyword)>();
        switch (settings.Method)
        {
            case HybridFusionMethod.ReciprocalRank:
                int k = Math.Max(0, settings.ReciprocalRankK);
                for (int i = 0; i < vector.Count; i++)
                {
                    Add(scores, vector[i].ChunkKey, w / (k + i + 1), vector[i].Score, null);
                }

                for (int i = 0; i < keyword.Count; i++)
                {
                    Add(scores, keyword[i].ChunkKey, (1 - w) / (k + i + 1), null, keyword[i].Score);
                }

                break;

            default:
                Func<IReadOnlyList<ChunkCandidate>, Func<double, double>> normalizer = settings.Method == HybridFusionMethod.DistributionBased ? DistributionNormalizer : MinMaxNormalizer;
                Func<double, double> vectorScale = normalizer(vector);
                Func<double, double> keywordScale = normalizer(keyword);
                foreach (ChunkCandidate row in vector)
                {
                    Add(scores, row.ChunkKey, w * vectorScale(row.Score), row.Score, null);
                }

                foreach (ChunkCandidate row in keyword)
                {
                    Add(scores, row.ChunkKey, (1 - w) * keywordScale(row.Score), null, row.Score);
                }

                break;
        }

        return [.. scores
            .Select(p => new FusedCandidate(p.Key, p.Value.Fused, p.Value.Vector, p.Value.Keyword))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.ChunkKey)
            .Take(top)];
    }

    private static void Add(Dictionary<long, (double Fused, double? Vector, double? Keyword)> scores, long key, double fused, double? vector, double? keyword)
    {
        if (scores.TryGetValue(key, out var existing))
        {
            scores[key] = (existing.Fused + fused, vector ?? existing.Vector, keyword ?? existing.Keyword);
        }
        else
        {
            scores[key] = (fused, vector, keyword);
        }
    }

    // A list whose scores are all equal contributes its full weight to each of its rows (both normalisers).
    private static Func<double, double> MinMaxNormalizer(IReadOnlyList<ChunkCandidate> rows)
    {
        if (rows.Count == 0)
        {
            return _ => 1;
        }

        double min = rows.Min(r => r.Score);
        double range = rows.Max(r => r.Score) - min;
        return range <= 0 ? _ => 1 : score => (score - min) / range;
    }

    private static Func<double, double> DistributionNormalizer(IReadOnlyList<ChunkCandidate> rows)
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
