// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using Rag.Connectors.Search;

namespace Rag.Connectors.Sqlite.Search.Analysis;

/// <summary>
/// The language-aware side of the keyword index: picks each chunk's language (fixed, or detected per document and per
/// chunk), turns its text into the words the FTS5 table stores (stemmed and stop words dropped for a language with its
/// own stemmer; as written for English, which the FTS5 Porter tokenizer stems), and turns a query into the OR of its
/// words' forms in every language the index holds, so a query matches documents of each language.
/// </summary>
internal sealed class KeywordAnalyzer
{
    /// <summary>The analysis version: a stored index analysed otherwise (or before languages existed) is re-analysed from its chunk text.</summary>
    private const int Version = 1;

    private readonly LanguageProfile? _fixed;

    public KeywordAnalyzer(KeywordLanguage language)
    {
        _fixed = language switch
        {
            KeywordLanguage.Auto => null,
            KeywordLanguage.English => LanguageProfile.English,
            KeywordLanguage.Spanish => LanguageProfile.Spanish,
            _ => throw new ArgumentOutOfRangeException(nameof(language), language, "Unknown keyword language."),
        };
        Signature = $"{Version}:{_fixed?.Name ?? "auto"}";
    }

    /// <summary>Gets the stored mark of this analysis (version and language setting); a store marked otherwise is re-analysed.</summary>
    public string Signature { get; }

    /// <summary>Gets the signature an index written before language analysis carries: English as written (what <see cref="KeywordLanguage.English"/> writes).</summary>
    public static string LegacySignature => $"{Version}:{LanguageProfile.English.Name}";

    /// <summary>Gets the language of each of a document's chunks, in order (each text: the chunk's title, headings and text).</summary>
    public LanguageProfile[] LanguagesOf(IReadOnlyList<string> chunkTexts)
    {
        if (_fixed is not null)
        {
            return [.. chunkTexts.Select(_ => _fixed)];
        }

        LanguageProfile document = LanguageDetector.Detect(chunkTexts.SelectMany(WordSplitter.Split)) ?? LanguageProfile.English;
        return [.. chunkTexts.Select(t => LanguageDetector.Detect(WordSplitter.Split(t)) ?? document)];
    }

    /// <summary>The text the FTS5 table stores for <paramref name="text"/> in <paramref name="language"/>.</summary>
    public static string Analyse(string text, LanguageProfile language)
    {
        if (language.Stemmer is not { } stem)
        {
            return text;
        }

        return string.Join(' ', WordSplitter.Split(text).Where(w => !language.StopWords.Contains(w)).Select(stem));
    }

    /// <summary>
    /// The FTS5 MATCH expression of free query text against an index holding <paramref name="languages"/> (stored names;
    /// this analysis's own language when empty): the OR of each query word's form in each language; <see langword="null"/> when nothing is searchable.
    /// </summary>
    public string? BuildQuery(string? keywords, IReadOnlyCollection<string> languages)
    {
        IReadOnlyList<string> words = QueryTerms.Split(keywords);
        LanguageProfile[] profiles = languages.Count == 0 ? [_fixed ?? LanguageProfile.English] : [.. languages.Select(LanguageProfile.Named).Distinct()];
        var forms = new List<string>();
        foreach (LanguageProfile profile in profiles)
        {
            foreach (string word in words)
            {
                if (profile.Stemmer is null)
                {
                    forms.Add(word);
                }
                else if (!profile.StopWords.Contains(word))
                {
                    forms.Add(profile.Stemmer(word));
                }
            }
        }

        return FullTextQuery.Build(forms.Count > 0 ? forms.Distinct(StringComparer.Ordinal) : words);
    }
}
