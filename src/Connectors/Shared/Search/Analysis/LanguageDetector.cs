// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;

namespace Rag.Connectors.Search.Analysis;

/// <summary>
/// Tells a text's language by its words. A text (a chunk, a document) counts its function words of one language and of
/// no other, and a language wins only clearly: at least <see cref="MinimumHits"/> such words and twice the runner-up's
/// count. A short piece (a sentence, a title) counts those words (of two letters or more: "y", "e" are also symbols) and
/// the words written with a letter only that language uses (Spanish "ñ", "ó"; French "è", "ç"), and wins with the
/// piece's minimum of such words (<see cref="MinimumSentenceHits"/>, <see cref="MinimumLabelHits"/>) when no other language has any.
/// </summary>
internal static class LanguageDetector
{
    /// <summary>The fewest distinctive function words a clear winner of a text needs.</summary>
    public const int MinimumHits = 4;

    /// <summary>The fewest distinctive words a sentence's winner needs, with none of any other language.</summary>
    public const int MinimumSentenceHits = 2;

    /// <summary>
    /// The fewest distinctive words a title's or heading's winner needs, with none of any other language: one, as a
    /// heading rarely holds more ("Órdenes básicas", "Consejos para el sistema"), and English headings mostly hold an English function word.
    /// </summary>
    public const int MinimumLabelHits = 1;

    // Each language's stop words that no other known language shares ("a", "no", "me" tell nothing).
    private static readonly (LanguageProfile Profile, FrozenSet<string> Words)[] s_distinctive = [.. LanguageProfile.All
        .Select(p => (p, LanguageProfile.All.Where(o => o != p).Aggregate(p.StopWords.AsEnumerable(), (words, o) => words.Except(o.StopWords)).ToFrozenSet(StringComparer.Ordinal)))];

    /// <summary>Returns the text's language when its function words show it clearly; otherwise <see langword="null"/>.</summary>
    public static LanguageProfile? Detect(IEnumerable<string> words) => Winner(Count(words, countLetters: false));

    /// <summary>
    /// Returns the language of each of a document's chunks, in order (each text: the chunk's title, headings and text):
    /// the chunk's own where it shows one clearly, else the document's, else English.
    /// </summary>
    public static LanguageProfile[] DetectChunks(IReadOnlyList<string> chunkTexts)
    {
        // Counts add up, so the document's are the sum of its chunks' and each text is split once.
        int[][] chunkHits = [.. chunkTexts.Select(t => Count(WordSplitter.Split(t), countLetters: false))];
        int[] documentHits = new int[s_distinctive.Length];
        foreach (int[] hits in chunkHits)
        {
            for (int i = 0; i < hits.Length; i++)
            {
                documentHits[i] += hits[i];
            }
        }

        LanguageProfile document = Winner(documentHits) ?? LanguageProfile.English;
        return [.. chunkHits.Select(h => Winner(h) ?? document)];
    }

    /// <summary>Returns a short piece's language when at least <paramref name="minimumHits"/> of its words show it and none shows another; otherwise <see langword="null"/>.</summary>
    public static LanguageProfile? DetectPiece(IEnumerable<string> words, int minimumHits)
    {
        int[] hits = Count(words, countLetters: true);
        int best = Best(hits);
        return hits[best] >= minimumHits && RunnerUp(hits, best) == 0 ? s_distinctive[best].Profile : null;
    }

    private static int[] Count(IEnumerable<string> words, bool countLetters)
    {
        int[] hits = new int[s_distinctive.Length];
        foreach (string word in words)
        {
            for (int i = 0; i < s_distinctive.Length; i++)
            {
                bool function = s_distinctive[i].Words.Contains(word) && (!countLetters || word.Length > 1);
                if (function || (countLetters && word.AsSpan().IndexOfAny(s_distinctive[i].Profile.Letters) >= 0))
                {
                    hits[i]++;
                }
            }
        }

        return hits;
    }

    /// <summary>The language whose function-word count is a clear win (<see cref="MinimumHits"/>, twice the runner-up), if any.</summary>
    private static LanguageProfile? Winner(int[] hits)
    {
        int best = Best(hits);
        return hits[best] >= MinimumHits && hits[best] >= 2 * RunnerUp(hits, best) ? s_distinctive[best].Profile : null;
    }

    private static int Best(int[] hits)
    {
        int best = 0;
        for (int i = 1; i < hits.Length; i++)
        {
            if (hits[i] > hits[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static int RunnerUp(int[] hits, int best) => hits.Where((_, i) => i != best).DefaultIfEmpty(0).Max();
}
