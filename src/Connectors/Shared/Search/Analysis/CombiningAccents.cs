// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Text;

namespace Rag.Connectors.Search.Analysis;

/// <summary>
/// Composes a Latin letter followed by a combining accent (decomposed text, as some PDFs and macOS file names hold it) into
/// its precomposed Latin-1 or Latin Extended-A letter: <c>o</c> + U+0301 becomes <c>ó</c>. <see cref="string.Normalize()"/>
/// would, but not under invariant globalization (the samples' mode), where it leaves the text as it is.
/// </summary>
internal static class CombiningAccents
{
    /// <summary>Each combining accent with the letters it composes with and their precomposed forms, position by position.</summary>
    private static readonly (char Mark, string Bases, string Composed)[] s_compositions =
    [
        ('\u0300', "AEIOUaeiou", "ÀÈÌÒÙàèìòù"), // grave
        ('\u0301', "AEIOUYaeiouyCcLlNnRrSsZz", "ÁÉÍÓÚÝáéíóúýĆćĹĺŃńŔŕŚśŹź"), // acute
        ('\u0302', "AEIOUaeiouCcGgHhJjSsWwYy", "ÂÊÎÔÛâêîôûĈĉĜĝĤĥĴĵŜŝŴŵŶŷ"), // circumflex
        ('\u0303', "ANOanoIiUu", "ÃÑÕãñõĨĩŨũ"), // tilde
        ('\u0304', "AaEeIiOoUu", "ĀāĒēĪīŌōŪū"), // macron
        ('\u0306', "AaEeGgIiOoUu", "ĂăĔĕĞğĬĭŎŏŬŭ"), // breve
        ('\u0307', "CcEeGgIZz", "ĊċĖėĠġİŻż"), // dot above
        ('\u0308', "AEIOUaeiouyY", "ÄËÏÖÜäëïöüÿŸ"), // diaeresis
        ('\u030A', "AaUu", "ÅåŮů"), // ring above
        ('\u030B', "OoUu", "ŐőŰű"), // double acute
        ('\u030C', "CcDdEeLlNnRrSsTtZz", "ČčĎďĚěĽľŇňŘřŠšŤťŽž"), // caron
        ('\u0327', "CcGgKkLlNnRrSsTt", "ÇçĢģĶķĻļŅņŖŗŞşŢţ"), // cedilla
        ('\u0328', "AaEeIiUu", "ĄąĘęĮįŲų"), // ogonek
    ];

    /// <summary>
    /// Gets <paramref name="text"/> with every letter + combining accent of Latin-1 and Latin Extended-A composed; the same
    /// string when there is none.
    /// </summary>
    public static string Compose(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\u0300', '\u036F') < 0)
        {
            return text;
        }

        var composed = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (composed.Length > 0 && Composition(composed[^1], c) is char letter)
            {
                composed[^1] = letter;
            }
            else
            {
                composed.Append(c);
            }
        }

        return composed.ToString();
    }

    private static char? Composition(char letter, char mark)
    {
        foreach ((char Mark, string Bases, string Composed) composition in s_compositions)
        {
            if (composition.Mark == mark && composition.Bases.IndexOf(letter, StringComparison.Ordinal) is int at and >= 0)
            {
                return composition.Composed[at];
            }
        }

        return null;
    }
}
