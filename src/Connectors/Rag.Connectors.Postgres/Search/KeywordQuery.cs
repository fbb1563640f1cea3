// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;
using Rag.Connectors.Search;

namespace Rag.Connectors.Postgres.Search;

/// <summary>
/// Turns free user text into the terms a keyword search normalises with <c>to_tsquery</c> (each quoted) and ORs:
/// its non-stopword terms. A term holds only letters, digits and combining marks, so tsquery syntax in the input
/// (<c>&amp;</c>, <c>!</c>, <c>:*</c>, quotes, parentheses, <c>&lt;-&gt;</c>) is inert. The terms are the same as the
/// SQLite store's, so both rank the same words.
/// </summary>
internal static class KeywordQuery
{
    /// <summary>Builds the terms of free text; <see langword="null"/> when there is nothing to search.</summary>
    public static IReadOnlyList<string>? FromText(string? text)
    {
        IReadOnlyList<string> terms = QueryTerms.Split(text);
        return terms.Count == 0 ? null : terms;
    }
}
