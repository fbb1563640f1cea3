// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>The language whose stemmer and stop words a knowledge store's keyword index analyses text with.</summary>
/// <remarks>Queries are analysed in every language the index holds, whatever the setting, so each language's text stays findable.</remarks>
public enum KeywordLanguage
{
    /// <summary>
    /// Each document's language is detected from its words (each chunk's, where a chunk shows its own clearly; English when
    /// unclear). The SQLite store also tells apart each sentence or heading that shows another language without a doubt.
    /// </summary>
    Auto,

    /// <summary>English stemming and stop words, as before languages were told apart.</summary>
    English,

    /// <summary>Spanish: the Snowball Spanish stemmer and Spanish stop words.</summary>
    Spanish,
}
