// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Rag.Connectors.Search.Analysis;

/// <summary>
/// Splits text into lower-case words (letters, digits and combining marks, a letter and its combining accent composed:
/// <see cref="CombiningAccents"/>), culture-independent, so it runs alike under invariant globalization.
/// </summary>
internal static class WordSplitter
{
    /// <summary>Yields the words of <paramref name="text"/> in order, lower-cased.</summary>
    public static IEnumerable<string> Split(string text)
    {
        var current = new StringBuilder();
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark)
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                yield return CombiningAccents.Compose(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            yield return CombiningAccents.Compose(current.ToString());
        }
    }
}
