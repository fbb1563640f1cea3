// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Rag.Connectors.Postgres.Search;

/// <summary>
/// Turns free user text into a safe <c>to_tsquery</c> input: the OR (<c>|</c>) of its non-stopword terms. A term holds
/// only letters, digits and combining marks, so tsquery syntax in the input (<c>&amp;</c>, <c>!</c>, <c>:*</c>, quotes,
/// parentheses, <c>&lt;-&gt;</c>) is inert. The terms are the same as the SQLite store's, so both rank the same words.
/// </summary>
internal static class KeywordQuery
{
    private static readonly FrozenSet<string> s_stopwords = new[]
    {
        // English
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "do", "does", "for", "from", "has", "have", "how", "i", "if", "in", "into",
        "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "so", "such", "that", "the", "their", "then", "there", "these",
        "they", "this", "to", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",

        // Spanish
        "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "y", "o", "que", "en", "con", "por", "para", "es", "se", "al", "lo", "su", "sus",
        "como", "cual", "donde", "cuando",

        // French
        "le", "les", "une", "des", "du", "et", "ou", "est", "dans", "pour", "avec", "sur", "au", "aux", "ce", "cette", "qui", "quoi", "comment", "quand",
    }.ToFrozenSet(System.StringComparer.Ordinal);

    /// <summary>Splits text into lower-case word terms (letters and digits), dropping stopwords unless nothing else remains.</summary>
    public static IReadOnlyList<string> Terms(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var all = new List<string>();
        var current = new StringBuilder();
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark)
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                all.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            all.Add(current.ToString());
        }

        List<string> kept = [.. all.Where(t => !s_stopwords.Contains(t)).Distinct(System.StringComparer.Ordinal)];
        return kept.Count > 0 ? kept : [.. all.Distinct(System.StringComparer.Ordinal)];
    }

    /// <summary>Builds the <c>to_tsquery</c> input from free text; <see langword="null"/> when there is nothing to search.</summary>
    public static string? FromText(string? text)
    {
        IReadOnlyList<string> terms = Terms(text);
        return terms.Count == 0 ? null : string.Join(" | ", terms);
    }
}
