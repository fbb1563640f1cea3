// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.TestUtilities;

/// <summary>
/// Okapi BM25 as SQLite FTS5's <c>bm25()</c> (and the PostgreSQL store's ranking) computes it: k1 = 1.2, b = 0.75,
/// IDF = ln((N − n + 0.5) / (n + 0.5)) floored at 1e-6 over the whole store, the weighted term frequency, and the
/// document length against the store's average.
/// </summary>
internal static class KeywordRanking
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>Ranks the chunks holding any of <paramref name="terms"/> that pass <paramref name="include"/>, best first (ties by key).</summary>
    public static IReadOnlyList<ChunkCandidate> Rank(IReadOnlyList<StoredChunk> chunks, IReadOnlyList<string> terms, Func<StoredChunk, bool> include, int top)
    {
        if (terms.Count == 0 || chunks.Count == 0)
        {
            return [];
        }

        double count = chunks.Count;
        double averageLength = Math.Max(chunks.Average(c => (double)c.Length), 1);
        double[] idf = [.. terms.Select(t =>
        {
            int hits = chunks.Count(c => c.Frequencies.ContainsKey(t));
            return Math.Max(Math.Log((count - hits + 0.5) / (hits + 0.5)), 1e-6);
        })];

        var ranked = new List<ChunkCandidate>();
        foreach (StoredChunk chunk in chunks)
        {
            double score = 0;
            bool matched = false;
            for (int i = 0; i < terms.Count; i++)
            {
                if (chunk.Frequencies.TryGetValue(terms[i], out double frequency))
                {
                    matched = true;
                    score += idf[i] * frequency * (K1 + 1) / (frequency + (K1 * (1 - B + (B * chunk.Length / averageLength))));
                }
            }

            if (matched && include(chunk))
            {
                ranked.Add(new ChunkCandidate(chunk.Key, score));
            }
        }

        return [.. ranked.OrderByDescending(c => c.Score).ThenBy(c => c.ChunkKey).Take(top)];
    }
}
