// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Rag;

/// <summary>
/// Tells whether retrieved passages can answer a question at all, beyond their relevance scores: the question's content
/// terms (what it names: the tool, the option, the thing asked about) must be in the top passages. Each term none of them
/// holds weighs by how rare it is in the whole index: 1 when at most <see cref="RareLimit"/> chunks hold it (or none: it is
/// what the question is about, and the passages found are about something else), 0.75 when fewer than
/// <see cref="CommonLimit"/> do, 0.5 when it is a common word of the documents. A question whose missing terms weigh
/// <see cref="Threshold"/> or more asks about something the documents do not cover. One missing term alone is not enough:
/// it is often a word the documents put otherwise ("amount" for "how much"), and a term the passages spell out as an
/// acronym ("MFA": "multi-factor authentication") or write in two parts ("predefined": "pre-defined") is not missing.
/// A name, though (a capitalised word inside the question: "Bitcoin", "LibreOffice"), is what the question is about: one
/// missing name that at most <see cref="RareLimit"/> chunks of the whole index hold is enough.
/// </summary>
/// <remarks>
/// A term the top passages do not hold is looked up with a keyword-only store search (the store's own stemming applies,
/// so "expire" finds "expired").
/// </remarks>
internal static class AnswerabilityCheck
{
    private const int MaxTerms = 12;
    private const int RareLimit = 3;
    private const int CommonLimit = 20;
    private const double Threshold = 1.2;
    private const int PassagesChecked = 3;
    private const int MinPrefix = 4;

    // Endings that inflect a word without changing what it names: "" (the same word), plurals, tenses, "-ion" nouns.
    private static readonly FrozenSet<string> s_endings = FrozenSet.ToFrozenSet(["", "s", "es", "e", "d", "ed", "ing", "ion", "ions"], StringComparer.Ordinal);

    /// <summary>Gets whether <paramref name="sources"/> may hold the answer to <paramref name="query"/>.</summary>
    /// <param name="store">The store the sources were retrieved from.</param>
    /// <param name="query">The search query (the question, or its standalone rewrite).</param>
    /// <param name="sources">The retrieved passages, best first.</param>
    /// <param name="filter">The search's filter: terms are looked up within the same documents.</param>
    /// <param name="cancellationToken">A token to cancel the lookups.</param>
    /// <returns><see langword="false"/> when the missing terms weigh <see cref="Threshold"/> or more; otherwise <see langword="true"/>.</returns>
    public static async Task<bool> MayAnswerAsync(KnowledgeStore store, string query, IReadOnlyList<Source> sources, ChunkFilter? filter, CancellationToken cancellationToken)
    {
        List<string> terms = TextAnalysis.ContentTerms(query);
        if (terms.Count > MaxTerms)
        {
            terms = terms.GetRange(0, MaxTerms);
        }

        HashSet<string> names = TextAnalysis.NameTerms(query);
        List<List<string>> passages = [.. sources.Take(PassagesChecked).Select(s => TextAnalysis.Words(string.Join(' ', [s.Text, s.Title ?? string.Empty, .. s.HeadingPath])))];
        double missing = 0;
        foreach (string term in terms)
        {
            if (TextAnalysis.IsQuestionWord(term) || passages.Exists(words => Holds(words, term)))
            {
                continue;
            }

            IReadOnlyList<ChunkSearchResult> holding = await store.SearchAsync(new ChunkSearchRequest { Keywords = term, Top = CommonLimit, Filter = filter }, cancellationToken);
            if (names.Contains(term) && holding.Count <= RareLimit)
            {
                return false;
            }

            missing += holding.Count switch
            {
                <= RareLimit => 1,
                < CommonLimit => 0.75,
                _ => 0.5,
            };
            if (missing >= Threshold)
            {
                return false;
            }
        }

        return true;
    }

    // The passage holds the term as a word, as the initials of a run of words, or as two adjacent words ("pre-defined").
    private static bool Holds(List<string> words, string term)
    {
        for (int i = 0; i < words.Count; i++)
        {
            if (SameWord(words[i], term) || (i + 1 < words.Count && term.Length >= 2 * MinPrefix && SameWord(words[i] + words[i + 1], term)))
            {
                return true;
            }
        }

        return TextAnalysis.IsAcronymCandidate(term) && TextAnalysis.SpellsAcronym(words, term);
    }

    // A word matches a (stemmed) term when one is the other with an inflectional ending and the shorter has at least four
    // letters, so "delimit" matches "delimited" and "emailed" matches "email"; "writer" is not "write", nor "header"
    // "head" (an agent noun names another thing), nor "time" "timedatectl"; shorter terms must match exactly.
    private static bool SameWord(string word, string term)
    {
        word = TextAnalysis.Stem(word);
        if (word.Length < MinPrefix || term.Length < MinPrefix)
        {
            return word == term;
        }

        (string shorter, string longer) = word.Length <= term.Length ? (word, term) : (term, word);
        return longer.StartsWith(shorter, StringComparison.Ordinal) && s_endings.Contains(longer[shorter.Length..]);
    }
}
