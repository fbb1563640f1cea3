// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace Rag;

/// <summary>
/// Splits one paragraph (on one line) into sentences, for English and Spanish: a sentence ends at '.', '!', '?' or '…'
/// (and any closing quotes or brackets) followed by a space and a word that does not start in lower case. It does not
/// end after an abbreviation ("e.g.", "Dr.", "Sra."), an initial ("J. Smith"), a numbering abbreviation before a number
/// ("No. 5", "pág. 12") or inside inline code; decimals and version numbers ("3.5", "v1.2.0") have no space after the dot.
/// </summary>
internal static class SentenceSplitter
{
    // Abbreviations after which a sentence never ends (lower case, without the final dot).
    private static readonly FrozenSet<string> s_abbreviations = FrozenSet.ToFrozenSet(
        [
            "e.g", "i.e", "cf", "vs", "viz", "al", "approx", "resp", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "sra",
            "srta", "sres", "dra", "ud", "uds", "vd", "vds", "dña", "ej", "p.ej", "aprox", "av", "avda", "dpto", "lic", "ing",
            "ee.uu", "a.c", "d.c",
        ],
        StringComparer.Ordinal);

    // Abbreviations that number something: no sentence end when a digit follows ("No. 5", "pp. 12", "art. 3").
    private static readonly FrozenSet<string> s_numbering = FrozenSet.ToFrozenSet(
        ["no", "nos", "nr", "p", "pp", "vol", "fig", "figs", "sec", "ch", "chap", "eq", "art", "cap", "pág", "págs", "núm", "n", "tel"],
        StringComparer.Ordinal);

    /// <summary>Splits a paragraph into trimmed, non-empty sentences.</summary>
    /// <param name="paragraph">The paragraph, on one line.</param>
    /// <returns>The sentences, in order.</returns>
    public static List<string> Split(string paragraph)
    {
        var sentences = new List<string>();
        int start = 0;
        bool inCode = false;
        for (int i = 0; i < paragraph.Length; i++)
        {
            char c = paragraph[i];
            if (c == '`')
            {
                inCode = !inCode;
                continue;
            }

            if (inCode || c is not ('.' or '!' or '?' or '…'))
            {
                continue;
            }

            int end = i + 1;
            while (end < paragraph.Length && paragraph[end] is '.' or '!' or '?' or '"' or '\'' or '”' or '’' or '»' or ')' or ']')
            {
                end++;
            }

            int next = end;
            while (next < paragraph.Length && char.IsWhiteSpace(paragraph[next]))
            {
                next++;
            }

            if (next == end || next == paragraph.Length || char.IsLower(paragraph[next]) || (c == '.' && !EndsSentence(paragraph, i, paragraph[next])))
            {
                i = end - 1;
                continue;
            }

            Add(sentences, paragraph[start..end]);
            start = next;
            i = next - 1;
        }

        Add(sentences, paragraph[start..]);
        return sentences;
    }

    private static bool EndsSentence(string text, int dot, char following)
    {
        int wordStart = dot;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || (text[wordStart - 1] == '.' && wordStart > 1 && char.IsLetter(text[wordStart - 2]))))
        {
            wordStart--;
        }

        string word = text[wordStart..dot];
        if (word.Length == 0)
        {
            return true;
        }

        string lower = word.ToLowerInvariant();
        if (s_abbreviations.Contains(lower) || (char.IsDigit(following) && s_numbering.Contains(lower)))
        {
            return false;
        }

        // An initial: one capital letter standing alone ("J. Smith", "Plan B. Next" is the rare loss).
        bool standsAlone = wordStart == 0 || char.IsWhiteSpace(text[wordStart - 1]) || text[wordStart - 1] is '(' or '"';
        return !(word.Length == 1 && char.IsUpper(word[0]) && standsAlone);
    }

    private static void Add(List<string> sentences, string sentence)
    {
        string trimmed = sentence.Trim();
        if (trimmed.Length > 0)
        {
            sentences.Add(trimmed);
        }
    }
}
