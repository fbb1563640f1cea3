// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rag.Connectors.Postgres;

namespace Rag;

/// <summary>Adds the PostgreSQL knowledge store to a <see cref="RagBuilder"/>.</summary>
public static class PostgresStoreBuilderExtensions
{
    /// <summary>Stores the knowledge base in PostgreSQL with pgvector (documents catalog, chunks, HNSW vector index and full-text index).</summary>
    /// <param name="builder">The Rag builder.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="configure">Configures the options; defaults when <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// Registers <see cref="KnowledgeStore"/> as a singleton, created lazily on first resolve; nothing connects here. The
    /// options are <see cref="IOptions{TOptions}"/>: <paramref name="configure"/> and any
    /// <c>services.Configure&lt;PostgresStoreOptions&gt;</c> run in order when the store is first resolved, and a value out
    /// of range then throws an <see cref="OptionsValidationException"/> naming the field. The store is thread-safe, and
    /// several application nodes may share one database and schema.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static RagBuilder UsePostgresStore(this RagBuilder builder, string connectionString, Action<PostgresStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.RemoveAll<KnowledgeStore>();
        builder.Services.AddValidatedOptions(configure, static o => o.Validate());
        builder.Services.AddSingleton<KnowledgeStore>(provider =>
            PostgresKnowledgeStore.Create(connectionString, provider.Resolve<PostgresStoreOptions>(null), provider.GetService<ILoggerFactory>()));
        return builder;
    }
}
