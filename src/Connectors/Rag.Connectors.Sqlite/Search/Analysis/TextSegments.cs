// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag.Connectors.Sqlite.Search.Analysis;

/// <summary>
/// Cuts text into the pieces whose language the keyword index tells apart one by one: sentences and clauses (up to and
/// including a <c>.</c>, <c>!</c>, <c>?</c>, <c>;</c>, <c>:</c> or line break) and the headings of a heading path (<c>/</c>).
/// The pieces cover the text without gaps, so joining them gives the text back.
/// </summary>
internal static class TextSegments
{
    private const string Ends = ".!?;:\n/";

    /// <summary>Yields the start and length of each piece of <paramref name="text"/>, in order.</summary>
    public static IEnumerable<(int Start, int Length)> Split(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (Ends.Contains(text[i], System.StringComparison.Ordinal))
            {
                yield return (start, i + 1 - start);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return (start, text.Length - start);
        }
    }
}
