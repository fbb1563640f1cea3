// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Rag.Connectors.Sqlite.Search;

/// <summary>
/// Turns free user text into a safe FTS5 <c>MATCH</c> expression: the OR of its quoted non-stopword terms.
/// Every term is a quoted string, so FTS5 syntax in the input (quotes, <c>NEAR</c>, <c>AND</c>, <c>*</c>, <c>^</c>, column filters) is inert.
/// </summary>
internal static class FullTextQuery
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
    }.ToFrozenSet(StringComparer.Ordinal);

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

        List<string> kept = [.. all.Where(t => !s_stopwords.Contains(t)).Distinct(StringComparer.Ordinal)];
        return kept.Count > 0 ? kept : [.. all.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Builds the MATCH expression from terms; <see langword="null"/> when there is nothing to search.</summary>
    public static string? Build(IEnumerable<string> terms)
    {
        string[] quoted = [.. terms.Where(t => !string.IsNullOrWhiteSpace(t)).Select(Quote)];
        return quoted.Length == 0 ? null : string.Join(" OR ", quoted);
    }

    /// <summary>Builds the MATCH expression from free text.</summary>
    public static string? FromText(string? text) => Build(Terms(text));

    private static string Quote(string term) => string.Concat("\"", term.Replace("\"", "\"\"", StringComparison.Ordinal), "\"");
}
