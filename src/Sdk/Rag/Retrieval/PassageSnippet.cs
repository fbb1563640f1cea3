// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Rag;

/// <summary>
/// Cuts the excerpt of a passage shown with a search result: the start of the passage, unless the query's terms occur
/// further in, then the stretch that holds most of them, with an ellipsis on each cut side.
/// </summary>
internal static class PassageSnippet
{
    /// <summary>The longest excerpt, in characters, ellipses included.</summary>
    public const int MaxLength = 240;

    /// <summary>Gets the excerpt of <paramref name="text"/> for a query with the content terms <paramref name="queryTerms"/>.</summary>
    /// <param name="text">The passage.</param>
    /// <param name="queryTerms">The query's content terms (<see cref="TextAnalysis.ContentTerms"/>).</param>
    /// <returns>The excerpt, white space flattened.</returns>
    public static string For(string text, IReadOnlySet<string> queryTerms)
    {
        string flat = TextAnalysis.Flatten(text);
        List<(int Start, int End, string Term)> hits = flat.Length > MaxLength && queryTerms.Count > 0 ? Hits(flat, queryTerms) : [];
        const int Budget = MaxLength - 2;
        (int first, int last, int distinct) = BestStretch(hits, Budget);
        if (distinct <= DistinctTerms(hits, 0, hits.FindLastIndex(h => h.End < Budget)))
        {
            return TextAnalysis.Truncate(flat, MaxLength);
        }

        int slack = Budget - (hits[last].End - hits[first].Start);
        int start = Math.Max(0, hits[first].Start - (slack / 2));
        int end = Math.Min(flat.Length, start + Budget);
        start = Math.Max(0, end - Budget);
        int space = flat.IndexOf(' ', start);
        if (start > 0 && space >= 0 && space < hits[first].Start)
        {
            start = space + 1;
        }

        space = end < flat.Length ? flat.LastIndexOf(' ', end - 1) : -1;
        if (space >= hits[last].End)
        {
            end = space;
        }

        return string.Concat(start > 0 ? "…" : string.Empty, flat.AsSpan(start, end - start), end < flat.Length ? "…" : string.Empty);
    }

    private static List<(int Start, int End, string Term)> Hits(string flat, IReadOnlySet<string> queryTerms)
    {
        var hits = new List<(int Start, int End, string Term)>();
        foreach (Match word in TextAnalysis.WordMatches(flat))
        {
            string term = TextAnalysis.Stem(word.Value.ToLowerInvariant());
            if (queryTerms.Contains(term))
            {
                hits.Add((word.Index, word.Index + word.Length, term));
            }
        }

        return hits;
    }

    // The run of hits that fits in the budget and holds the most distinct terms; the earliest such run wins ties.
    private static (int First, int Last, int Distinct) BestStretch(List<(int Start, int End, string Term)> hits, int budget)
    {
        (int First, int Last, int Distinct) best = (0, -1, 0);
        for (int first = 0, last = 0; first < hits.Count; first++)
        {
            last = Math.Max(last, first);
            while (last + 1 < hits.Count && hits[last + 1].End - hits[first].Start <= budget)
            {
                last++;
            }

            int distinct = DistinctTerms(hits, first, last);
            if (distinct > best.Distinct)
            {
                best = (first, last, distinct);
            }
        }

        return best;
    }

    private static int DistinctTerms(List<(int Start, int End, string Term)> hits, int first, int last)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        for (int i = first; i <= last; i++)
        {
            terms.Add(hits[i].Term);
        }

        return terms.Count;
    }
}
