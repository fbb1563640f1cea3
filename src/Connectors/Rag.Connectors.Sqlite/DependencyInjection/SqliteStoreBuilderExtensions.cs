// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rag.Connectors.Sqlite;

namespace Rag;

/// <summary>Adds the SQLite knowledge store to a <see cref="RagBuilder"/>.</summary>
public static class SqliteStoreBuilderExtensions
{
    /// <summary>Stores the knowledge base in one SQLite file (documents catalog, chunks, vectors and full-text index).</summary>
    /// <param name="builder">The Rag builder.</param>
    /// <param name="databasePath">The SQLite file of the knowledge base; created on first use.</param>
    /// <param name="configure">Configures the options; defaults when <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>Registers <see cref="KnowledgeStore"/> as a singleton, created lazily on first resolve; nothing is opened here.
    /// The store is thread-safe. The options are <see cref="IOptions{TOptions}"/>: <paramref name="configure"/> and any
    /// <c>services.Configure&lt;SqliteStoreOptions&gt;</c> run in order when the store is first resolved, and a value out of
    /// range then throws an <see cref="OptionsValidationException"/> naming the field.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is empty.</exception>
    public static RagBuilder UseSqliteStore(this RagBuilder builder, string databasePath, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        builder.Services.RemoveAll<KnowledgeStore>();
        builder.Services.AddValidatedOptions(configure, static o => o.Validate());
        builder.Services.AddSingleton<KnowledgeStore>(provider =>
            SqliteKnowledgeStore.Open(databasePath, provider.Resolve<SqliteStoreOptions>(null), provider.GetService<ILoggerFactory>()));
        return builder;
    }
}
