// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Rag.Connectors.Search;
using Rag.Connectors.Search.Analysis;
using Rag.Connectors.Sqlite.Search.Keywords;

namespace Rag.Connectors.Sqlite.Search.Analysis;

/// <summary>
/// The language-aware side of the keyword index: picks each chunk's language (fixed, or detected per document, per
/// chunk and per sentence or heading), turns its text into the words the FTS5 table stores (stemmed and stop words dropped for a language with its
/// own stemmer; as written for English, which the FTS5 Porter tokenizer stems), and turns a query into the OR of its
/// words' forms in every language the index holds, so a query matches documents of each language.
/// </summary>
internal sealed class KeywordAnalyzer
{
    /// <summary>The analysis version: a stored index analysed otherwise (or before languages existed) is re-analysed from its chunk text.</summary>
    private const int Version = 2;

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

    /// <summary>
    /// Returns the language setting a stored <see cref="Signature"/> (of this analysis version or an older one) was written
    /// with; <see langword="null"/> for none or an unknown one.
    /// </summary>
    public static KeywordLanguage? SettingOf(string? signature)
    {
        string? name = signature?[(signature.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return Enum.GetValues<KeywordLanguage>().Select(l => (KeywordLanguage?)l)
            .FirstOrDefault(l => string.Equals(new KeywordAnalyzer(l!.Value).Signature.Split(':')[1], name, StringComparison.Ordinal));
    }

    /// <summary>The fewest chunks of a document analysed on several cores at once.</summary>
    public const int ParallelChunks = 8;

    /// <summary>
    /// Analyses a document's chunks for the FTS5 table, in order: each chunk's language (<see cref="ChunkLanguages"/>), then
    /// its row (<see cref="AnalyseChunk"/>). A title or heading path repeated across the chunks is analysed once; a document
    /// of <see cref="ParallelChunks"/> chunks or more is analysed on every core.
    /// </summary>
    public AnalysedChunk[] AnalyseChunks(IReadOnlyList<(string Title, string Headings, string Text)> chunks, CancellationToken cancellationToken)
    {
        LanguageProfile[] languages = ChunkLanguages(chunks);
        var labels = new LabelMemo();
        var analysed = new AnalysedChunk[chunks.Count];
        if (chunks.Count >= ParallelChunks)
        {
            Parallel.For(0, chunks.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => analysed[i] = AnalyseChunk(chunks[i], languages[i], labels));
        }
        else
        {
            for (int i = 0; i < chunks.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                analysed[i] = AnalyseChunk(chunks[i], languages[i], labels);
            }
        }

        return analysed;
    }

    /// <summary>
    /// Each chunk's language: the fixed one, or with <see cref="KeywordLanguage.Auto"/> told from its title, headings and
    /// text, else the document's (all its chunks together).
    /// </summary>
    public LanguageProfile[] ChunkLanguages(IReadOnlyList<(string Title, string Headings, string Text)> chunks) =>
        _fixed is not null
            ? [.. chunks.Select(_ => _fixed)]
            : LanguageDetector.DetectChunks([.. chunks.Select(c => string.Concat(c.Title, "\n", c.Headings, "\n", c.Text))]);

    /// <summary>
    /// One chunk's FTS5 row in its <paramref name="language"/>: its title and heading path as <see cref="AnalyseLabel"/>
    /// stores them (each label analysed once per <paramref name="labels"/>) and its text as <see cref="AnalyseText"/> does.
    /// Safe to call from several threads at once.
    /// </summary>
    public AnalysedChunk AnalyseChunk((string Title, string Headings, string Text) chunk, LanguageProfile language, LabelMemo labels)
    {
        var used = new HashSet<LanguageProfile>();
        return new AnalysedChunk(Label(chunk.Title), Label(chunk.Headings), AnalyseText(chunk.Text, language, used), language, used);

        string Label(string label)
        {
            (string stored, LanguageProfile[] labelUsed) = labels.GetOrAdd((label, language), key =>
            {
                var keyUsed = new HashSet<LanguageProfile>();
                return (AnalyseLabel(key.Label, key.Language, keyUsed), [.. keyUsed]);
            });
            used.UnionWith(labelUsed);
            return stored;
        }
    }

    /// <summary>
    /// The text the FTS5 table stores for the body <paramref name="text"/> of a chunk in <paramref name="language"/>, adding
    /// each language it was analysed in to <paramref name="used"/>. With <see cref="KeywordLanguage.Auto"/> each sentence or
    /// clause (<see cref="TextSegments"/>) that shows its own language without a doubt is analysed in it, the others in
    /// <paramref name="language"/>. A piece left to the FTS5 tokenizer keeps its exact characters, so text analysed as
    /// English throughout is stored as written.
    /// </summary>
    public string AnalyseText(string text, LanguageProfile language, ISet<LanguageProfile> used) =>
        Analyse(text, language, LanguageDetector.MinimumSentenceHits, used);

    /// <summary>
    /// The text the FTS5 table stores for a chunk's title or heading path, as <see cref="AnalyseText"/> but with each
    /// heading's language told from fewer words (<see cref="LanguageDetector.MinimumLabelHits"/>): a Spanish title over an
    /// untranslated English body is stemmed as Spanish.
    /// </summary>
    public string AnalyseLabel(string label, LanguageProfile language, ISet<LanguageProfile> used) =>
        Analyse(label, language, LanguageDetector.MinimumLabelHits, used);

    private string Analyse(string text, LanguageProfile language, int minimumHits, ISet<LanguageProfile> used)
    {
        if (_fixed is not null)
        {
            used.Add(language);
            return AnalyseIn(text, language);
        }

        var stored = new StringBuilder(text.Length);
        foreach ((int start, int length) in TextSegments.Split(text))
        {
            string piece = text.Substring(start, length);
            LanguageProfile pieceLanguage = LanguageDetector.DetectPiece(WordSplitter.Split(piece), minimumHits) ?? language;
            used.Add(pieceLanguage);
            stored.Append(AnalyseIn(piece, pieceLanguage));
            if (pieceLanguage.Stemmer is not null)
            {
                stored.Append(' '); // the stemmed words end without the piece's delimiter
            }
        }

        return stored.ToString();
    }

    private static string AnalyseIn(string text, LanguageProfile language)
    {
        if (language.Stemmer is not { } stem)
        {
            return text;
        }

        return string.Join(' ', WordSplitter.Split(text).Where(w => !language.StopWords.Contains(w)).Select(stem));
    }

    /// <summary>
    /// The FTS5 MATCH expression of free query text against an index holding <paramref name="languages"/> (stored names;
    /// this analysis's own language when empty): the OR of each query word's form in each language; <see langword="null"/>
    /// when nothing is searchable. A word's forms that <paramref name="tokenizer"/> (the table's tokenizer) turns into the
    /// same tokens are searched once, so a word is not scored twice for being written alike in two languages
    /// (<c>canción</c> as written and its Spanish stem <c>cancion</c> are one token once diacritics are removed).
    /// </summary>
    public string? BuildQuery(string? keywords, IReadOnlyCollection<string> languages, FullTextTokenizer tokenizer)
    {
        IReadOnlyList<string> words = QueryTerms.Split(keywords);
        LanguageProfile[] profiles = languages.Count == 0 ? [_fixed ?? LanguageProfile.English] : [.. languages.Select(LanguageProfile.Named).Distinct()];
        var forms = new List<string>();
        var searched = new HashSet<(int Word, string Tokens)>();
        foreach (LanguageProfile profile in profiles)
        {
            for (int w = 0; w < words.Count; w++)
            {
                string word = words[w];
                string? form = profile.Stemmer is null ? word : profile.StopWords.Contains(CombiningAccents.Compose(word)) ? null : profile.Stemmer(word);
                if (form is not null && (profiles.Length == 1 || searched.Add((w, TokenKey(form)))))
                {
                    forms.Add(form);
                }
            }
        }

        return FullTextQuery.Build(forms.Count > 0 ? forms.Distinct(StringComparer.Ordinal) : words);

        // A form the tokenizer cannot list as plain tokens (synonyms at one position) stands for itself.
        string TokenKey(string form) => tokenizer.Tokenize(form) is string[] tokens ? string.Join(' ', tokens) : "\0" + form;
    }
}
