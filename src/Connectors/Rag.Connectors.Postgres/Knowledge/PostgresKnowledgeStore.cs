// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Rag.Connectors.Postgres;

/// <summary>Creates knowledge stores held in a PostgreSQL database with the pgvector extension.</summary>
public static class PostgresKnowledgeStore
{
    /// <summary>Creates the knowledge store held in the schema <see cref="PostgresStoreOptions.Schema"/> of the database named by <paramref name="connectionString"/>.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; none when <see langword="null"/>.</param>
    /// <returns>The store; it owns its connection pool and disposes it. Nothing is opened until the first call.</returns>
    /// <remarks>
    /// The store is thread-safe and safe for many processes (nodes) sharing one database: each document is replaced in
    /// one transaction under an advisory lock on its identifier, and a search sees a replaced document entirely or not at all.
    /// The first call creates or migrates the schema (serialised across nodes by an advisory lock).
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or an option is invalid.</exception>
    public static KnowledgeStore Create(string connectionString, PostgresStoreOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        options ??= new PostgresStoreOptions();
        options.Validate();
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return new PostgresKnowledgeStoreCore(builder.Build(), ownsDataSource: true, options, Logger(loggerFactory));
    }

    /// <summary>Creates the knowledge store held in the schema <see cref="PostgresStoreOptions.Schema"/> of <paramref name="dataSource"/>'s database.</summary>
    /// <param name="dataSource">
    /// The data source; it must map pgvector types (built with <c>UseVector()</c>). The store does not dispose it. It reloads
    /// the data source's types once when it first opens, so the extension may be created after the data source first connected.
    /// </param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; none when <see langword="null"/>.</param>
    /// <returns>The store. Nothing is opened until the first call.</returns>
    /// <remarks>
    /// Use this overload to share one connection pool among several knowledge bases (one schema each). Each operation
    /// holds one pooled connection at a time. The store is thread-safe and safe for many nodes sharing one database.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static KnowledgeStore Create(NpgsqlDataSource dataSource, PostgresStoreOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgresStoreOptions();
        options.Validate();
        return new PostgresKnowledgeStoreCore(dataSource, ownsDataSource: false, options, Logger(loggerFactory));
    }

    private static ILogger Logger(ILoggerFactory? loggerFactory) => (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Rag.Connectors.Postgres");
}
