// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace Rag.Connectors.Sqlite;

/// <summary>Options of <see cref="SqliteVectorStore"/>.</summary>
public sealed class SqliteVectorStoreOptions
{
    /// <summary>Gets or sets how long a write waits for another process's write lock before failing.</summary>
    /// <value>Defaults to 5 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the FTS5 tokenizer of full-text-indexed properties, applied when a collection is created.</summary>
    /// <value>Defaults to <c>porter unicode61 remove_diacritics 2</c>.</value>
    public string FullTextTokenizer { get; set; } = "porter unicode61 remove_diacritics 2";

    /// <summary>Gets the BM25 weight of full-text properties by property name; unlisted properties weigh 1.</summary>
    public IDictionary<string, double> FullTextWeights { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Gets or sets how hybrid search fuses the vector and keyword lists.</summary>
    public HybridSearchSettings Hybrid { get; set; } = new();

    /// <summary>
    /// Gets or sets a value indicating whether the in-memory vector copy is int8-quantised (4× less memory; the best
    /// candidates, 4 × top and at least 100, are rescored exactly from the stored floats, and so is every other row within
    /// int8's error margin of the rescored top). Results equal an exact search on embeddings and other vectors whose int8
    /// rounding behaves like noise; vectors built to sit on int8's rounding boundaries with a shared sign pattern can be
    /// ranked otherwise, so set it to <see langword="false"/> for exactness by construction. Collections with Euclidean
    /// distance always hold float32.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool QuantizeVectors { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether each commit is flushed to disk (<c>synchronous=FULL</c>).</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool FlushOnCommit { get; set; }

    /// <summary>Gets or sets the default embedding generator of collections whose vector properties take text.</summary>
    public IEmbeddingGenerator? EmbeddingGenerator { get; set; }

    /// <summary>
    /// Gets or sets the embedding model identity recorded with each collection; opening a collection recorded with another
    /// model (or dimension) throws <see cref="EmbeddingModelMismatchException"/>. When <see langword="null"/>, the generator's model id is used, if any.
    /// </summary>
    public string? EmbeddingModelId { get; set; }
}
