// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Rag;

/// <summary>Small, language-light text helpers shared by retrieval, extractive answers and query rewriting.</summary>
internal static partial class TextAnalysis
{
    private static readonly FrozenSet<string> s_stopWords = FrozenSet.ToFrozenSet(
        [
            "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before", "but", "by",
            "can", "could", "did", "do", "does", "doing", "done", "each", "for", "from", "get", "gets", "got", "had", "has", "have",
            "how", "i", "if", "in", "into", "is", "it", "its", "may", "me", "might", "more", "most", "much", "must", "my", "no", "not",
            "of", "on", "or", "our", "out", "over", "please", "should", "so", "some", "such", "tell", "than", "that", "the", "their",
            "them", "then", "there", "these", "they", "this", "those", "to", "too", "under", "up", "us", "was", "we", "were", "what",
            "when", "where", "which", "while", "who", "whom", "whose", "why", "will", "with", "would", "you", "your", "he", "she",
            "his", "her", "him", "one", "ones", "same", "other", "else", "just", "know", "explain", "describe",
        ],
        StringComparer.Ordinal);

    // English and Spanish words after which a statement cannot stop: "The default value is", "Set the option to".
    private static readonly FrozenSet<string> s_functionWords = FrozenSet.ToFrozenSet(
        [
            "a", "an", "the", "is", "are", "was", "were", "be", "been", "of", "to", "in", "on", "at", "for", "with", "by", "from",
            "into", "onto", "than", "and", "or", "nor", "but", "as", "that", "which", "whose", "its", "their", "your", "our", "his",
            "her", "my", "this", "these", "those", "via", "per", "if", "when", "because", "whether", "can", "must", "should", "will",
            "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "en", "con", "por", "para", "y", "e", "o", "u",
            "que", "su", "sus", "es", "son", "era", "fue", "como", "sin", "sobre", "entre", "hasta", "desde", "cuando", "porque", "si",
        ],
        StringComparer.Ordinal);

    // Words that shape a question without naming its subject, accents removed: "how many", "¿cuántos…?", "¿qué le…?".
    private static readonly FrozenSet<string> s_questionWords = FrozenSet.ToFrozenSet(
        ["many", "cual", "cuales", "como", "cuanto", "cuantos", "cuanta", "cuantas", "donde", "quien", "quienes", "le", "les", "lo", "se"],
        StringComparer.Ordinal);

    private static readonly FrozenSet<string> s_referringWords = FrozenSet.ToFrozenSet(
        ["it", "its", "they", "them", "their", "this", "that", "these", "those", "he", "she", "him", "her", "his", "there", "one", "ones", "same", "else", "other"],
        StringComparer.Ordinal);

    /// <summary>Gets whether text ends with a word that cannot end a statement (a verb like "is", an article, a preposition or a conjunction).</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when its last word, ignoring trailing punctuation, is such a function word.</returns>
    public static bool EndsWithFunctionWord(string text)
    {
        Match last = LastWordRegex().Match(text);
        return last.Success && s_functionWords.Contains(last.Value.ToLowerInvariant());
    }

    /// <summary>Splits text into lower-case word tokens (letters and digits).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The tokens, in order.</returns>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        foreach (Match match in WordRegex().Matches(text))
        {
            words.Add(match.Value.ToLowerInvariant());
        }

        return words;
    }

    /// <summary>Finds the word tokens of a text with their positions (the tokens <see cref="Words"/> returns).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The matches, in order.</returns>
    public static MatchCollection WordMatches(string text) => WordRegex().Matches(text);

    /// <summary>Collapses every run of white space to one space and trims the ends.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The flattened text.</returns>
    public static string Flatten(string text) => WhitespaceRegex().Replace(text, " ").Trim();

    /// <summary>Gets the content terms of a text: words that are not stop words, lightly stemmed, in first-seen order.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The distinct terms.</returns>
    public static List<string> ContentTerms(string text)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var terms = new List<string>();
        foreach (string word in Words(text))
        {
            if (s_stopWords.Contains(word))
            {
                continue;
            }

            string stem = Stem(word);
            if (seen.Add(stem))
            {
                terms.Add(stem);
            }
        }

        return terms;
    }

    /// <summary>
    /// Gets the names a text uses: the stems of its capitalised words ("Bitcoin", "LibreOffice") except a sentence's first
    /// word, which is capitalised whatever it is, and of its words of letters and digits ("lz4", "IPv6", "x11"). Acronyms of
    /// letters only ("RAM", "MFA") are left out: they often stand for words the documents spell out.
    /// </summary>
    /// <param name="text">The text, as written.</param>
    /// <returns>The lower-case stems of the names.</returns>
    public static HashSet<string> NameTerms(string text)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match word in WordRegex().Matches(text))
        {
            bool capitalised = char.IsUpper(word.Value[0]) && word.Value.Any(char.IsLower) && !StartsSentence(text, word.Index);
            if (capitalised || (word.Value.Any(char.IsLetter) && word.Value.Any(char.IsDigit)))
            {
                names.Add(Stem(word.Value.ToLowerInvariant()));
            }
        }

        return names;
    }

    // Whether only spaces, quotes, brackets and opening question marks stand between the text's start or a sentence end and the word.
    private static bool StartsSentence(string text, int index)
    {
        int i = index - 1;
        while (i >= 0 && (char.IsWhiteSpace(text[i]) || text[i] is '"' or '\'' or '“' or '‘' or '(' or '[' or '¿' or '¡'))
        {
            i--;
        }

        return i < 0 || text[i] is '.' or '?' or '!' or ':';
    }

    /// <summary>
    /// Gets whether a lower-case word only shapes a question ("many", an English or Spanish function word or
    /// interrogative such as "qué" or "cuántos") rather than naming what it asks about.
    /// </summary>
    /// <param name="word">A lower-case word.</param>
    /// <returns><see langword="true"/> for such a word.</returns>
    public static bool IsQuestionWord(string word)
    {
        string plain = RemoveAccents(word);
        return s_stopWords.Contains(word) || s_functionWords.Contains(plain) || s_questionWords.Contains(plain);
    }

    private static string RemoveAccents(string word)
    {
        string decomposed = word.Normalize(System.Text.NormalizationForm.FormD);
        return decomposed.Length == word.Length ? word : string.Concat(decomposed.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark));
    }

    /// <summary>Gets whether a word refers back to something earlier in a conversation (a pronoun or deictic word).</summary>
    /// <param name="word">A lower-case word.</param>
    /// <returns><see langword="true"/> when the word refers back.</returns>
    public static bool IsReferring(string word) => s_referringWords.Contains(word);

    /// <summary>Reduces a lower-case word to a crude stem so "refunds" matches "refund".</summary>
    /// <param name="word">The word.</param>
    /// <returns>The stem.</returns>
    public static string Stem(string word)
    {
        // A possessive is its noun: "fontconfig's" is "fontconfig".
        if (word.Length > 3 && (word.EndsWith("'s", StringComparison.Ordinal) || word.EndsWith("’s", StringComparison.Ordinal)))
        {
            return word[..^2];
        }

        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return string.Concat(word.AsSpan(0, word.Length - 3), "y");
        }

        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word;
    }

    /// <summary>Gets the fraction of <paramref name="queryTerms"/> that occur among the content terms of <paramref name="text"/>.</summary>
    /// <param name="queryTerms">The query's content terms.</param>
    /// <param name="text">The text.</param>
    /// <returns>A value in [0, 1]; 0 when there are no query terms.</returns>
    public static double Coverage(IReadOnlyCollection<string> queryTerms, string text)
    {
        if (queryTerms.Count == 0)
        {
            return 0;
        }

        var terms = new HashSet<string>(ContentTerms(text), StringComparer.Ordinal);
        List<string>? words = null;
        int hits = 0;
        foreach (string term in queryTerms)
        {
            if (terms.Contains(term) || (IsAcronymCandidate(term) && SpellsAcronym(words ??= Words(text), term)))
            {
                hits++;
            }
        }

        return (double)hits / queryTerms.Count;
    }

    /// <summary>
    /// Gets whether consecutive words of a text start with the letters of <paramref name="acronym"/>, so "mfa" is found in
    /// "multi-factor authentication" and "pto" in "paid time off". Stop words never take part, so an ordinary short word
    /// is not mistaken for the initials of a phrase like "during all year".
    /// </summary>
    /// <param name="words">The text's lower-case words (hyphenated words count as several words).</param>
    /// <param name="acronym">A lower-case term of two to six letters.</param>
    /// <returns><see langword="true"/> when a run of words spells the acronym.</returns>
    public static bool SpellsAcronym(IReadOnlyList<string> words, string acronym)
    {
        for (int start = 0; start + acronym.Length <= words.Count; start++)
        {
            int i = 0;
            while (i < acronym.Length && words[start + i][0] == acronym[i] && !s_stopWords.Contains(words[start + i]))
            {
                i++;
            }

            if (i == acronym.Length)
            {
                return true;
            }
        }

        return false;
    }

    // Acronyms are short and letters only; Stem may have cut a plural "s" ("mfas" → "mfa"), which is what we want.
    public static bool IsAcronymCandidate(string term) => term.Length is >= 2 and <= 6 && term.All(char.IsAsciiLetterLower);

    /// <summary>
    /// Splits a passage into sentences: hard-wrapped lines are re-flowed into paragraphs first (<see cref="TextReflow"/>),
    /// then each paragraph is split (<see cref="SentenceSplitter"/>). Headings, code and table rules are dropped; list
    /// markers are removed and table cells joined by "; ".
    /// </summary>
    /// <param name="text">The passage.</param>
    /// <returns>The sentences, in order, trimmed.</returns>
    public static List<string> Sentences(string text)
    {
        var sentences = new List<string>();
        foreach (TextParagraph paragraph in TextReflow.Paragraphs(text))
        {
            if (paragraph.Kind is TextParagraphKind.Prose or TextParagraphKind.ListItem or TextParagraphKind.Definition)
            {
                sentences.AddRange(SentenceSplitter.Split(paragraph.Text));
            }
            else if (paragraph.Kind is TextParagraphKind.TableRow or TextParagraphKind.Contents)
            {
                sentences.Add(paragraph.Text);
            }
        }

        return sentences;
    }

    /// <summary>Shortens text to at most <paramref name="maxChars"/> characters at a word boundary, adding an ellipsis.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxChars">The limit.</param>
    /// <returns>The text or its shortened form.</returns>
    public static string Truncate(string text, int maxChars)
    {
        string flat = Flatten(text);
        if (flat.Length <= maxChars)
        {
            return flat;
        }

        int cut = flat.LastIndexOf(' ', Math.Max(0, maxChars - 1));
        return string.Concat(flat.AsSpan(0, cut > maxChars / 2 ? cut : maxChars), "…");
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?=[^\p{L}\p{N}]*$)")]
    private static partial Regex LastWordRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}
