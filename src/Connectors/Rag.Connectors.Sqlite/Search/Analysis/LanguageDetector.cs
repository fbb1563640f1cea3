// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;

namespace Rag.Connectors.Sqlite.Search.Analysis;

/// <summary>
/// Tells a text's language by its stop-word profile: how many of its words are function words of one language and of no
/// other. A language wins only clearly (at least <see cref="MinimumHits"/> such words and twice the runner-up's count).
/// </summary>
internal static class LanguageDetector
{
    /// <summary>The fewest distinctive function words a clear winner needs.</summary>
    public const int MinimumHits = 4;

    // Each language's stop words that no other known language shares ("a", "no", "me" tell nothing).
    private static readonly (LanguageProfile Profile, FrozenSet<string> Words)[] s_distinctive = [.. LanguageProfile.All
        .Select(p => (p, LanguageProfile.All.Where(o => o != p).Aggregate(p.StopWords.AsEnumerable(), (words, o) => words.Except(o.StopWords)).ToFrozenSet(StringComparer.Ordinal)))];

    /// <summary>Returns the text's language when its words show it clearly; otherwise <see langword="null"/>.</summary>
    public static LanguageProfile? Detect(IEnumerable<string> words)
    {
        int[] hits = new int[s_distinctive.Length];
        foreach (string word in words)
        {
            for (int i = 0; i < s_distinctive.Length; i++)
            {
                if (s_distinctive[i].Words.Contains(word))
                {
                    hits[i]++;
                }
            }
        }

        int best = 0;
        for (int i = 1; i < hits.Length; i++)
        {
            if (hits[i] > hits[best])
            {
                best = i;
            }
        }

        int runnerUp = hits.Where((_, i) => i != best).DefaultIfEmpty(0).Max();
        return hits[best] >= MinimumHits && hits[best] >= 2 * runnerUp ? s_distinctive[best].Profile : null;
    }
}
