// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rag.Connectors.Search;

namespace Rag.Connectors.Sqlite;

/// <summary>Creates knowledge stores held in one SQLite file per knowledge base.</summary>
public static class SqliteKnowledgeStore
{
    /// <summary>Opens (or creates on first use) the knowledge store held in <paramref name="databasePath"/>.</summary>
    /// <param name="databasePath">The SQLite file of the knowledge base.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; none when <see langword="null"/>.</param>
    /// <returns>The store. The file is opened lazily, on the first call.</returns>
    /// <remarks>
    /// The store is thread-safe: many concurrent searches while one writer replaces documents; a search sees a
    /// replaced document entirely or not at all. Vectors are searched exactly in memory, loaded once from the file.
    /// Errors naming the file are thrown as <see cref="Microsoft.Extensions.VectorData.VectorStoreException"/>:
    /// locked by another process beyond <see cref="SqliteStoreOptions.BusyTimeout"/>, read-only, or not a database.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A full-text weight is outside (0, 100], or the busy timeout is negative.</exception>
    public static KnowledgeStore Open(string databasePath, SqliteStoreOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        options ??= new SqliteStoreOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero, nameof(options));
        FullTextWeights.Validate(options.TitleWeight, options.HeadingWeight, options.TextWeight);
        return new SqliteKnowledgeStoreCore(databasePath, options, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Rag.Connectors.Sqlite"));
    }
}
