// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;

namespace Rag.Connectors.Postgres;

/// <summary>Options of <see cref="PostgresVectorStore"/>.</summary>
public sealed class PostgresVectorStoreOptions
{
    /// <summary>Gets or sets the PostgreSQL schema that holds the store's collections (one table each) and their catalog.</summary>
    /// <value>Defaults to <c>public</c>. Created on first use.</value>
    public string Schema { get; set; } = "public";

    /// <summary>Gets or sets the text search configuration of full-text-indexed properties, applied when a record is written and a query is searched.</summary>
    /// <value>Defaults to <c>english</c> (English stemming and stop words).</value>
    public string TextSearchConfiguration { get; set; } = "english";

    /// <summary>Gets the BM25 weight of full-text properties by property name; unlisted properties weigh 1.</summary>
    public IDictionary<string, double> FullTextWeights { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Gets or sets how hybrid search fuses the vector and keyword lists.</summary>
    public HybridSearchSettings Hybrid { get; set; } = new();

    /// <summary>Gets or sets the HNSW index's <c>m</c> (links per node), applied when a collection is created.</summary>
    /// <value>Defaults to 16.</value>
    public int HnswM { get; set; } = 16;

    /// <summary>Gets or sets the HNSW index's <c>ef_construction</c>, applied when a collection is created.</summary>
    /// <value>Defaults to 64.</value>
    public int HnswEfConstruction { get; set; } = 64;

    /// <summary>Gets or sets <c>hnsw.ef_search</c> for queries; raised to the number of requested candidates when smaller.</summary>
    /// <value>Defaults to 100.</value>
    public int HnswEfSearch { get; set; } = 100;

    /// <summary>Gets or sets a value indicating whether the store runs <c>CREATE EXTENSION IF NOT EXISTS vector</c>.</summary>
    /// <value>Defaults to <see langword="true"/>. Set to <see langword="false"/> when the role may not create extensions and an administrator installed pgvector.</value>
    public bool CreateExtension { get; set; } = true;

    /// <summary>Gets or sets the default embedding generator of collections whose vector properties take text.</summary>
    public IEmbeddingGenerator? EmbeddingGenerator { get; set; }

    /// <summary>
    /// Gets or sets the embedding model identity recorded with each collection; opening a collection recorded with another
    /// model (or dimension) throws <see cref="EmbeddingModelMismatchException"/>. When <see langword="null"/>, the generator's model id is used, if any.
    /// </summary>
    public string? EmbeddingModelId { get; set; }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    internal void Validate()
    {
        new PostgresStoreOptions { Schema = Schema, TextSearchConfiguration = TextSearchConfiguration, HnswM = HnswM, HnswEfConstruction = HnswEfConstruction, HnswEfSearch = HnswEfSearch }.Validate();
        foreach (KeyValuePair<string, double> weight in FullTextWeights.Where(w => !(w.Value > 0 && w.Value <= 100)))
        {
            throw new ArgumentOutOfRangeException(nameof(FullTextWeights), weight.Value, $"The full-text weight of '{weight.Key}' must be in (0, 100].");
        }
    }
}
