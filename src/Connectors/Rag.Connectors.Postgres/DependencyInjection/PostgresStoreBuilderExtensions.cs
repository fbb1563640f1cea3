// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
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
    /// options are validated when the store is created. The store is thread-safe, and several application nodes may
    /// share one database and schema.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static RagBuilder UsePostgresStore(this RagBuilder builder, string connectionString, Action<PostgresStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.RemoveAll<KnowledgeStore>();
        builder.Services.AddSingleton<KnowledgeStore>(provider =>
        {
            var options = new PostgresStoreOptions();
            configure?.Invoke(options);
            return PostgresKnowledgeStore.Create(connectionString, options, provider.GetService<ILoggerFactory>());
        });
        return builder;
    }
}
