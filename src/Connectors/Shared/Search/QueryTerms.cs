// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Rag.Connectors.Search;

/// <summary>
/// Splits free user text into the lower-case word terms a keyword search looks for (letters, digits and combining marks
/// only, so query syntax in the input is inert), dropping stopwords unless nothing else remains. Shared source: every
/// store connector builds its full-text query from the same terms, so all stores match the same words.
/// </summary>
internal static class QueryTerms
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
    public static IReadOnlyList<string> Split(string? text)
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
}
