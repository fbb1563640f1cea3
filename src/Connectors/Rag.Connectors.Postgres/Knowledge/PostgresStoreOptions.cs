// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Text.RegularExpressions;
using Rag.Connectors.Search;

namespace Rag.Connectors.Postgres;

/// <summary>Options of the PostgreSQL knowledge store.</summary>
public sealed partial class PostgresStoreOptions
{
    /// <summary>Gets or sets the PostgreSQL schema that holds the knowledge base's tables; one knowledge base per schema.</summary>
    /// <value>Defaults to <c>rag</c>. Created on first use.</value>
    public string Schema { get; set; } = "rag";

    /// <summary>
    /// Gets or sets the text search configuration of English text and of text whose language is not told apart (see
    /// <see cref="KeywordLanguage"/>), fixed when the schema is created.
    /// </summary>
    /// <value>Defaults to <c>english</c> (English stemming and stop words).</value>
    public string TextSearchConfiguration { get; set; } = "english";

    /// <summary>
    /// Gets or sets the language the full-text index analyses each chunk in: detected per document and per chunk, or
    /// fixed. A chunk detected as Spanish or French is analysed with PostgreSQL's <c>spanish</c> or <c>french</c>
    /// configuration (Snowball stemmer and stop words); English and undetected text with <see cref="TextSearchConfiguration"/>.
    /// Queries are analysed with every configuration the index holds, so each language's text matches.
    /// </summary>
    /// <remarks>Applies to chunks written from now on; chunks already stored keep the configuration they were analysed with.</remarks>
    /// <value>Defaults to <see cref="KeywordLanguage.Auto"/>.</value>
    public KeywordLanguage KeywordLanguage { get; set; }

    /// <summary>Gets or sets the BM25 weight of the document title (label A): each occurrence counts this much toward a term's frequency. In (0, 100].</summary>
    /// <value>Defaults to 2, as the SQLite store's.</value>
    public double TitleWeight { get; set; } = 2.0;

    /// <summary>Gets or sets the BM25 weight of the chunk's heading path (label B). In (0, 100].</summary>
    /// <value>Defaults to 1.5, as the SQLite store's.</value>
    public double HeadingWeight { get; set; } = 1.5;

    /// <summary>Gets or sets the BM25 weight of the chunk text (label C). In (0, 100].</summary>
    /// <value>Defaults to 1, as the SQLite store's.</value>
    public double TextWeight { get; set; } = 1.0;

    /// <summary>Gets or sets the HNSW index's <c>m</c> (links per node), applied when the index is built.</summary>
    /// <value>Defaults to 16.</value>
    public int HnswM { get; set; } = 16;

    /// <summary>Gets or sets the HNSW index's <c>ef_construction</c>, applied when the index is built.</summary>
    /// <value>Defaults to 64.</value>
    public int HnswEfConstruction { get; set; } = 64;

    /// <summary>Gets or sets <c>hnsw.ef_search</c> for queries; raised to the number of requested candidates when smaller.</summary>
    /// <value>Defaults to 100.</value>
    public int HnswEfSearch { get; set; } = 100;

    /// <summary>Gets or sets how many chunk rows one multi-row <c>INSERT</c> writes.</summary>
    /// <value>Defaults to 500.</value>
    public int InsertBatchSize { get; set; } = 500;

    /// <summary>Gets or sets a value indicating whether the store runs <c>CREATE EXTENSION IF NOT EXISTS vector</c>.</summary>
    /// <value>Defaults to <see langword="true"/>. Set to <see langword="false"/> when the role may not create extensions and an administrator installed pgvector.</value>
    public bool CreateExtension { get; set; } = true;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Schema) || Schema.Length > 63)
        {
            throw new ArgumentException("The schema name must have 1 to 63 characters.", nameof(Schema));
        }

        if (!IdentifierPattern().IsMatch(TextSearchConfiguration ?? string.Empty))
        {
            throw new ArgumentException($"'{TextSearchConfiguration}' is not a text search configuration name.", nameof(TextSearchConfiguration));
        }

        if (!Enum.IsDefined(KeywordLanguage))
        {
            throw new ArgumentOutOfRangeException(nameof(KeywordLanguage), KeywordLanguage, "Unknown keyword language.");
        }

        FullTextWeights.Validate(TitleWeight, HeadingWeight, TextWeight);

        ArgumentOutOfRangeException.ThrowIfLessThan(HnswM, 2, nameof(HnswM));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HnswM, 100, nameof(HnswM));
        ArgumentOutOfRangeException.ThrowIfLessThan(HnswEfConstruction, 2 * HnswM, nameof(HnswEfConstruction));
        ArgumentOutOfRangeException.ThrowIfLessThan(HnswEfSearch, 1, nameof(HnswEfSearch));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HnswEfSearch, 1000, nameof(HnswEfSearch));
        ArgumentOutOfRangeException.ThrowIfLessThan(InsertBatchSize, 1, nameof(InsertBatchSize));
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$")]
    private static partial Regex IdentifierPattern();
}
