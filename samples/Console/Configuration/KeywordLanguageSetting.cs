// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Cli.Configuration;

/// <summary>Reads the keyword language setting (<c>--keyword-language</c>, <c>RAG_KEYWORD_LANGUAGE</c>, <c>keywordLanguage</c> in the settings file) by name.</summary>
internal static class KeywordLanguageSetting
{
    /// <summary>Gets the names the setting accepts, in lower case.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetNames<KeywordLanguage>().Select(n => n.ToLowerInvariant())];

    /// <summary>Parses <paramref name="value"/> (any case); an unknown name fails naming <paramref name="source"/> and the valid names.</summary>
    public static KeywordLanguage? Parse(string? value, string source) =>
        value is null ? null
        : Enum.TryParse(value, ignoreCase: true, out KeywordLanguage language) && Enum.IsDefined(language) && !int.TryParse(value, out _) ? language
        : throw new CliException($"{source} '{value}' is not a keyword language; use one of: {string.Join(", ", Names)}.", ExitCodes.Usage);
}
