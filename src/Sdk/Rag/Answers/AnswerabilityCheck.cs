// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Rag;

/// <summary>
/// Tells whether retrieved passages can answer a question at all, beyond their relevance scores. A content term of the
/// question is missing when none of the top passages holds it and the index holds it nowhere else either, or in only a
/// few chunks (then it is what the question is about, and the passages found are about something else). A question
/// whose missing terms count 1.5 or more asks about something the documents do not cover. One missing term alone is not
/// enough, however short the question: it is often an abbreviation the documents spell out ("Is MFA required?" over a
/// policy that says "multi-factor authentication").
/// </summary>
/// <remarks>
/// A term the top passages do not hold is looked up with a keyword-only store search (the store's own stemming applies,
/// so "expire" finds "expired"); it is rare when at most <see cref="RareLimit"/> chunks hold it.
/// </remarks>
internal static class AnswerabilityCheck
{
    private const int MaxTerms = 12;
    private const int RareLimit = 3;
    private const int PassagesChecked = 3;
    private const int MinPrefix = 4;
    private const int MaxSuffix = 3;

    /// <summary>Gets whether <paramref name="sources"/> may hold the answer to <paramref name="query"/>.</summary>
    /// <param name="store">The store the sources were retrieved from.</param>
    /// <param name="query">The search query (the question, or its standalone rewrite).</param>
    /// <param name="sources">The retrieved passages, best first.</param>
    /// <param name="filter">The search's filter: terms are looked up within the same documents.</param>
    /// <param name="cancellationToken">A token to cancel the lookups.</param>
    /// <returns><see langword="false"/> when the missing terms count 1.5 or more; otherwise <see langword="true"/>.</returns>
    public static async Task<bool> MayAnswerAsync(KnowledgeStore store, string query, IReadOnlyList<Source> sources, ChunkFilter? filter, CancellationToken cancellationToken)
    {
        List<string> terms = TextAnalysis.ContentTerms(query);
        if (terms.Count > MaxTerms)
        {
            terms = terms.GetRange(0, MaxTerms);
        }

        List<List<string>> passages = [.. sources.Take(PassagesChecked).Select(s => TextAnalysis.Words(string.Join(' ', [s.Text, s.Title ?? string.Empty, .. s.HeadingPath])))];
        double missing = 0;
        foreach (string term in terms)
        {
            if (TextAnalysis.IsQuestionWord(term))
            {
                continue;
            }

            bool inPassages = passages.Exists(words => words.Exists(word => SameWord(word, term)));
            IReadOnlyList<ChunkSearchResult> holding = await store.SearchAsync(new ChunkSearchRequest { Keywords = term, Top = RareLimit + 1, Filter = filter }, cancellationToken);
            if (inPassages)
            {
                if (holding.Count is > 0 and <= RareLimit)
                {
                    return true; // a rare term of the question is in the passages found: they are about what it asks
                }
            }
            else if (holding.Count == 0)
            {
                missing += 1; // nowhere in the documents
            }
            else if (holding.Count <= RareLimit)
            {
                missing += 0.5; // in a few other passages only: the ones found are about something else
            }
        }

        return missing < 1.5;
    }

    // A word matches a (stemmed) term when one is the other with an ending of at most three letters and the shorter has
    // at least four letters, so "delimit" matches "delimited" and "emailed" matches "email" (but "time" is not
    // "timedatectl"); shorter terms must match exactly.
    private static bool SameWord(string word, string term)
    {
        if (word.Length < MinPrefix || term.Length < MinPrefix)
        {
            return TextAnalysis.Stem(word) == term;
        }

        return Math.Abs(word.Length - term.Length) <= MaxSuffix
            && (word.StartsWith(term, StringComparison.Ordinal) || term.StartsWith(word, StringComparison.Ordinal));
    }
}
