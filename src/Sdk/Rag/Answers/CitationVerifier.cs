// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Rag;

/// <summary>
/// Maps every citation marker of an answer (<c>[1]</c>, <c>[1, 2]</c>, <c>[1][2]</c>, <c>[Source 1]</c>) to a source,
/// removes markers that point to nothing, and finds the sentence of each cited source that best supports the claim.
/// </summary>
internal static partial class CitationVerifier
{
    public static CitationCheck Verify(string text, IReadOnlyList<Source> sources)
    {
        var byNumber = sources.ToDictionary(s => s.Number);
        var citations = new List<Citation>();
        var cited = new HashSet<int>();
        var removed = new List<int>();
        var output = new StringBuilder(text.Length);
        int position = 0;

        foreach (Match match in MarkerPattern().Matches(text))
        {
            output.Append(text, position, match.Index - position);
            position = match.Index + match.Length;

            var valid = new List<int>();
            foreach (Match number in NumberRegex().Matches(match.Groups["numbers"].Value))
            {
                if (int.TryParse(number.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && byNumber.ContainsKey(n))
                {
                    if (!valid.Contains(n))
                    {
                        valid.Add(n);
                    }
                }
                else
                {
                    removed.Add(int.TryParse(number.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int bad) ? bad : -1);
                }
            }

            if (valid.Count == 0)
            {
                // Drop the marker and the space before it, so "fact [9]." reads "fact.".
                continue;
            }

            output.Append(match.Groups["lead"].Value).Append('[').AppendJoin(", ", valid).Append(']');
            string claim = ClaimBefore(text, match.Index);
            foreach (int n in valid)
            {
                if (cited.Add(n))
                {
                    Source source = byNumber[n];
                    citations.Add(new Citation(n, source, BestSupport(claim, source)));
                }
            }
        }

        output.Append(text, position, text.Length - position);
        return new CitationCheck(output.ToString(), citations, removed);
    }

    /// <summary>Finds the sentence of <paramref name="source"/> sharing the most content terms with <paramref name="claim"/>.</summary>
    public static string BestSupport(string claim, Source source)
    {
        List<string> terms = TextAnalysis.ContentTerms(claim);
        string best = string.Empty;
        double bestCoverage = 0;
        foreach (string sentence in TextAnalysis.Sentences(source.Text))
        {
            double coverage = TextAnalysis.Coverage(terms, sentence);
            if (coverage > bestCoverage)
            {
                bestCoverage = coverage;
                best = sentence;
            }
        }

        return bestCoverage > 0 ? TextAnalysis.Truncate(best, 400) : source.Snippet;
    }

    private static string ClaimBefore(string text, int markerIndex)
    {
        int end = markerIndex;
        while (end > 0 && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] == ']'))
        {
            // Skip adjacent markers ("[1][2]") and spaces to reach the claim's words.
            int open = text[end - 1] == ']' ? text.LastIndexOf('[', end - 1) : -1;
            end = open >= 0 ? open : end - 1;
        }

        int start = text.LastIndexOfAny(['.', '!', '?', '\n'], Math.Max(0, end - 1)) + 1;
        return end > start ? text[start..end] : text;
    }

    /// <summary>Matches a citation marker: <c>lead</c> is the spacing before it, <c>body</c> what is between the brackets, <c>numbers</c> the cited numbers.</summary>
    [GeneratedRegex(@"(?<lead>[ \t]*)\[(?<body>\s*(?:(?:sources?|src|doc(?:ument)?s?|ref)\s*#?\s*)?(?<numbers>\d{1,4}(?:\s*(?:,|;|and|&)\s*(?:(?:sources?|doc(?:ument)?s?)\s*#?\s*)?\d{1,4})*)\s*)\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex MarkerPattern();

    [GeneratedRegex(@"\d{1,4}")]
    private static partial Regex NumberRegex();
}
