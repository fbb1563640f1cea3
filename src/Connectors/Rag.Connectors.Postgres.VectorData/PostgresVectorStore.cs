// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.VectorData;
using Npgsql;
using Rag.Connectors.Postgres.VectorData;

namespace Rag.Connectors.Postgres;

/// <summary>
/// A <see cref="VectorStore"/> in one PostgreSQL schema with pgvector: each collection is a table with an HNSW vector
/// index and, for full-text properties, a weighted <c>tsvector</c> column (GIN) ranked with BM25.
/// </summary>
/// <remarks>
/// Thread-safe, and safe for many processes sharing the database. Collections obtained from one store share its
/// connection pool. The first call creates pgvector (when <see cref="PostgresVectorStoreOptions.CreateExtension"/>), the schema and its catalog.
/// </remarks>
public sealed class PostgresVectorStore : VectorStore
{
    private readonly PostgresVectorDatabase _database;
    private readonly PostgresVectorStoreOptions _options;

    /// <summary>Initializes a new instance of the <see cref="PostgresVectorStore"/> class over a data source the caller owns.</summary>
    /// <param name="dataSource">The data source; it must have pgvector's types (<c>NpgsqlDataSourceBuilder.UseVector()</c>).</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public PostgresVectorStore(NpgsqlDataSource dataSource, PostgresVectorStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _options = options ?? new PostgresVectorStoreOptions();
        _options.Validate();
        _database = new PostgresVectorDatabase(dataSource, ownsDataSource: false, _options.Schema, _options.CreateExtension);
    }

    /// <summary>Initializes a new instance of the <see cref="PostgresVectorStore"/> class with its own connection pool. Nothing is opened until the first call.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory of Npgsql's logging; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or an option is invalid.</exception>
    public PostgresVectorStore(string connectionString, PostgresVectorStoreOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _options = options ?? new PostgresVectorStoreOptions();
        _options.Validate();
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        _database = new PostgresVectorDatabase(builder.Build(), ownsDataSource: true, _options.Schema, _options.CreateExtension);
    }

    /// <inheritdoc/>
    public override PostgresCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null) =>
        new(_database, name, definition, _options, dynamic: false);

    /// <inheritdoc/>
    public override PostgresCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new(_database, name, definition, _options, dynamic: true);
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        NpgsqlConnection connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand($"SELECT name FROM {_database.Catalog} ORDER BY name COLLATE \"C\";", connection);
            await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
            NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (string name in names)
        {
            yield return name;
        }
    }

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _database.CollectionExistsAsync(name, cancellationToken);
    }

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _database.DropCollectionAsync(name, cancellationToken);
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? new VectorStoreMetadata { VectorStoreSystemName = PostgresVectorDatabase.SystemName, VectorStoreName = _database.DatabaseName }
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _database.Dispose();
        }

        base.Dispose(disposing);
    }
}
