// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Samples.Indexing;

/// <summary>The Tesseract languages a keyword language asks OCR to prefer (recognised beside English when installed).</summary>
internal static class OcrLanguages
{
    /// <summary>
    /// <c>spa</c> for Spanish, <c>eng</c> for English (English alone), none for <see cref="KeywordLanguage.Auto"/>, which leaves
    /// OCR on English plus every installed language, as the keyword side then detects each piece's language.
    /// </summary>
    public static IList<string> PreferredFor(KeywordLanguage language) => language switch
    {
        KeywordLanguage.Spanish => ["spa"],
        KeywordLanguage.English => ["eng"],
        _ => [],
    };
}
