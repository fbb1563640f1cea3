// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using Rag.Connectors.Search.Analysis;

namespace Rag.Connectors.Postgres.Search;

/// <summary>
/// Picks the text search configuration each chunk of a document is analysed with, by the <see cref="KeywordLanguage"/>
/// setting: the language the SQLite store would pick for the chunk (<see cref="LanguageDetector.DetectChunks"/>), named
/// as PostgreSQL names its configuration, with English and undetected text given the store's own configuration.
/// </summary>
internal static class ChunkConfigurations
{
    /// <summary>Returns the configuration of each of <paramref name="chunks"/>, in order.</summary>
    /// <param name="setting">The keyword language setting.</param>
    /// <param name="fallback">The store's configuration, for English and for text in no language told apart.</param>
    /// <param name="chunks">One document's chunks.</param>
    public static string[] Choose(KeywordLanguage setting, string fallback, IReadOnlyList<DocumentChunk> chunks) => setting switch
    {
        KeywordLanguage.English => [.. chunks.Select(_ => fallback)],
        KeywordLanguage.Spanish => [.. chunks.Select(_ => LanguageProfile.Spanish.Name)],
        KeywordLanguage.Auto => [.. LanguageDetector.DetectChunks([.. chunks.Select(Source)]).Select(l => l == LanguageProfile.English ? fallback : l.Name)],
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, "Unknown keyword language."),
    };

    /// <summary>The words a chunk's language is told from: its title, heading path and text, as the SQLite store reads them.</summary>
    private static string Source(DocumentChunk chunk) => string.Concat(chunk.Title, "\n", string.Join(" / ", chunk.HeadingPath), "\n", chunk.Text);
}
