// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Sqlite;

/// <summary>The language whose stemmer and stop words the knowledge store's keyword index analyses text with.</summary>
public enum KeywordLanguage
{
    /// <summary>
    /// Each document's language is detected from its words (each chunk's, where a chunk shows its own clearly; English when
    /// unclear), and each sentence's or heading's where that piece shows another language without a doubt.
    /// </summary>
    Auto,

    /// <summary>English: the FTS5 tokenizer's Porter stemmer (<see cref="SqliteStoreOptions.FullTextTokenizer"/>), as before languages were told apart.</summary>
    English,

    /// <summary>Spanish: the Snowball Spanish stemmer and Spanish stop words.</summary>
    Spanish,
}
