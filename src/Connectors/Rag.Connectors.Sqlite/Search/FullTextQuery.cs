// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Rag.Connectors.Search;

namespace Rag.Connectors.Sqlite.Search;

/// <summary>
/// Turns free user text into a safe FTS5 <c>MATCH</c> expression: the OR of its quoted non-stopword terms.
/// Every term is a quoted string, so FTS5 syntax in the input (quotes, <c>NEAR</c>, <c>AND</c>, <c>*</c>, <c>^</c>, column filters) is inert.
/// </summary>
internal static class FullTextQuery
{
    /// <summary>Builds the MATCH expression from terms; <see langword="null"/> when there is nothing to search.</summary>
    public static string? Build(IEnumerable<string> terms)
    {
        string[] quoted = [.. terms.Where(t => !string.IsNullOrWhiteSpace(t)).Select(Quote)];
        return quoted.Length == 0 ? null : string.Join(" OR ", quoted);
    }

    /// <summary>Builds the MATCH expression from free text.</summary>
    public static string? FromText(string? text) => Build(QueryTerms.Split(text));

    /// <summary>The phrases of an expression <see cref="Build"/> made, unquoted, in order.</summary>
    public static IEnumerable<string> Phrases(string matchExpression)
    {
        var phrase = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < matchExpression.Length; i++)
        {
            char c = matchExpression[i];
            if (c != '"')
            {
                if (quoted)
                {
                    phrase.Append(c);
                }
            }
            else if (quoted && i + 1 < matchExpression.Length && matchExpression[i + 1] == '"')
            {
                phrase.Append('"');
                i++;
            }
            else if (quoted)
            {
                yield return phrase.ToString();
                phrase.Clear();
                quoted = false;
            }
            else
            {
                quoted = true;
            }
        }
    }

    private static string Quote(string term) => string.Concat("\"", term.Replace("\"", "\"\"", StringComparison.Ordinal), "\"");
}
