// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace Rag.Connectors.Search.Analysis;

/// <summary>
/// One language the keyword indexes tell apart: its name (as stored in an index, and the name of PostgreSQL's text
/// search configuration for it), its stop words, and the SQLite store's stemmer; there, a language without a stemmer
/// (English) is indexed as written, stemmed by the FTS5 tokenizer (Porter).
/// </summary>
internal sealed class LanguageProfile
{
    private LanguageProfile(string name, Func<string, string>? stem, string letters, IEnumerable<string> stopWords)
    {
        Name = name;
        Stemmer = stem;
        Letters = SearchValues.Create(letters);
        StopWords = stopWords.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Gets English: indexed as written, so the FTS5 tokenizer's Porter stemmer analyses it as before.</summary>
    public static LanguageProfile English { get; } = new("english", null, string.Empty,
    [
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "being", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "each", "for", "from", "had", "has", "have", "he", "her", "his", "how", "however", "i", "if",
        "in", "into", "is", "it", "its", "may", "more", "most", "must", "no", "not", "of", "on", "one", "only", "or", "other", "our", "over",
        "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
        "through", "to", "under", "up", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "why", "will",
        "with", "would", "you", "your",
    ]);

    /// <summary>Gets Spanish: Snowball-stemmed, its function words dropped.</summary>
    public static LanguageProfile Spanish { get; } = new("spanish", SpanishStemmer.Stem, "ñáíóú",
    [
        "a", "al", "algo", "algunas", "algunos", "ante", "antes", "aquel", "aquella", "aquellas", "aquellos", "aquí", "así", "aun", "aunque",
        "bajo", "cada", "como", "cómo", "con", "contra", "cual", "cuál", "cuales", "cuáles", "cualquier", "cuando", "cuándo", "cuanto",
        "de", "del", "desde", "donde", "dónde", "durante", "e", "el", "él", "ella", "ellas", "ellos", "en", "entre", "era", "eran", "es",
        "esa", "esas", "ese", "eso", "esos", "esta", "está", "estaba", "están", "estar", "estas", "éste", "este", "esto", "estos", "fue",
        "fueron", "ha", "había", "han", "hasta", "hay", "la", "las", "le", "les", "lo", "los", "más", "me", "mi", "mis", "mismo", "misma",
        "mucho", "muchos", "muy", "nada", "ni", "no", "nos", "nosotros", "o", "os", "otra", "otras", "otro", "otros", "para", "pero",
        "poco", "por", "porque", "qué", "que", "quien", "quién", "quienes", "se", "sea", "según", "ser", "si", "sí", "sido", "siempre",
        "sin", "sino", "sobre", "son", "su", "sus", "también", "tan", "tanto", "te", "ti", "todas", "todo", "todos", "tu", "tú", "tus",
        "u", "un", "una", "unas", "uno", "unos", "usted", "ustedes", "y", "ya", "yo",
    ]);

    /// <summary>
    /// Gets French: recognised, so that French text is not taken for Spanish (they share many function words), and indexed
    /// as written, left to the FTS5 Porter stemmer as before: a light French stemmer of ours measured below Porter on the
    /// French Debian Reference benchmark (docs/benchmarks.md).
    /// </summary>
    public static LanguageProfile French { get; } = new("french", null, "àâçèêëîïôùûœ",
    [
        "à", "afin", "ai", "aie", "ainsi", "alors", "as", "au", "aucun", "aussi", "autre", "autres", "aux", "avec", "avez", "avoir", "avons",
        "ayant", "ça", "car", "ce", "ceci", "cela", "celle", "celles", "celui", "ces", "cet", "cette", "ceux", "chaque", "comme",
        "comment", "dans", "de", "des", "deux", "doit", "donc", "dont", "du", "elle", "elles", "en", "encore", "entre", "est", "et",
        "été", "être", "eux", "fait", "faut", "il", "ils", "je", "l", "la", "le", "les", "leur", "leurs", "lors", "lui", "ma",
        "mais", "me", "même", "mes", "moi", "mon", "ne", "ni", "nos", "notre", "nous", "on", "ont", "ou", "où", "par", "parce",
        "pas", "peu", "peut", "peuvent", "plus", "pour", "pourquoi", "qu", "quand", "que", "quel", "quelle", "quelles", "quels", "qui",
        "quoi", "sa", "sans", "se", "selon", "ses", "si", "son", "sont", "sous", "sur", "ta", "te", "tes", "toi", "ton",
        "tous", "tout", "toute", "toutes", "très", "tu", "un", "une", "unes", "uns", "vos", "votre", "vous",
    ]);

    /// <summary>Gets every language the index tells apart, English (the fallback) first.</summary>
    public static IReadOnlyList<LanguageProfile> All { get; } = [English, Spanish, French];

    /// <summary>Gets the language's name, as stored in the index.</summary>
    public string Name { get; }

    /// <summary>Gets the SQLite store's stemmer of one lower-case word; <see langword="null"/> when the FTS5 tokenizer stems this language itself.</summary>
    public Func<string, string>? Stemmer { get; }

    /// <summary>Gets the lower-case letters that this language writes and no other known language does (Spanish "ñ", "ó"; none for English).</summary>
    public SearchValues<char> Letters { get; }

    /// <summary>Gets the language's stop words (lower case).</summary>
    public FrozenSet<string> StopWords { get; }

    /// <summary>Gets the profile of a stored language name; English for an unknown one.</summary>
    public static LanguageProfile Named(string name)
    {
        foreach (LanguageProfile profile in All)
        {
            if (string.Equals(profile.Name, name, StringComparison.Ordinal))
            {
                return profile;
            }
        }

        return English;
    }
}
