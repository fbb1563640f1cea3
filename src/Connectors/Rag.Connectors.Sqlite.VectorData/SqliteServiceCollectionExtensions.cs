// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.VectorData;
using Rag.Connectors.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite <see cref="VectorStore"/>.</summary>
public static class SqliteServiceCollectionExtensions
{
    /// <summary>Registers a <see cref="SqliteVectorStore"/> (also as <see cref="VectorStore"/>) as a lazily created singleton.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="databasePath">The SQLite file; created on first use.</param>
    /// <param name="configure">Configures the options; defaults when <see langword="null"/>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <remarks>The store is thread-safe. Nothing is opened until the first use.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is empty.</exception>
    public static IServiceCollection AddSqliteVectorStore(this IServiceCollection services, string databasePath, Action<SqliteVectorStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        services.AddSingleton(provider => Create(provider, databasePath, configure));
        services.AddSingleton<VectorStore>(provider => provider.GetRequiredService<SqliteVectorStore>());
        return services;
    }

    /// <summary>Registers a keyed <see cref="SqliteVectorStore"/> (also as keyed <see cref="VectorStore"/>) as a lazily created singleton.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="databasePath">The SQLite file; created on first use.</param>
    /// <param name="configure">Configures the options; defaults when <see langword="null"/>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is empty.</exception>
    public static IServiceCollection AddKeyedSqliteVectorStore(this IServiceCollection services, object? serviceKey, string databasePath, Action<SqliteVectorStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        services.AddKeyedSingleton(serviceKey, (provider, _) => Create(provider, databasePath, configure));
        services.AddKeyedSingleton<VectorStore>(serviceKey, (provider, key) => provider.GetRequiredKeyedService<SqliteVectorStore>(key));
        return services;
    }

    private static SqliteVectorStore Create(IServiceProvider provider, string databasePath, Action<SqliteVectorStoreOptions>? configure)
    {
        var options = new SqliteVectorStoreOptions();
        configure?.Invoke(options);
        return new SqliteVectorStore(databasePath, options, provider.GetService<ILoggerFactory>());
    }
}
