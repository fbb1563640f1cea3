// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.VectorData;
using Rag.Connectors.Sqlite.Storage;

namespace Rag.Connectors.Sqlite;

/// <summary>
/// A <see cref="VectorStore"/> in one SQLite file: each collection is a table (with an FTS5 table for full-text properties),
/// searched exactly over vectors held in memory.
/// </summary>
/// <remarks>Thread-safe: many concurrent readers while one writer upserts; a search never sees half of a batch.
/// Collections obtained from one store share its connection and consistency gate.</remarks>
public sealed class SqliteVectorStore : VectorStore
{
    private readonly SqliteDatabase _database;
    private readonly SqliteVectorStoreOptions _options;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="SqliteVectorStore"/> class. The file is opened on first use.</summary>
    /// <param name="databasePath">The SQLite file; created on first use.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is empty.</exception>
    public SqliteVectorStore(string databasePath, SqliteVectorStoreOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        _options = options ?? new SqliteVectorStoreOptions();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Rag.Connectors.Sqlite");
        _database = new SqliteDatabase(databasePath, _options.BusyTimeout, _options.FlushOnCommit, readOnly: false, _logger);
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string DatabasePath => _database.Path;

    /// <inheritdoc/>
    public override SqliteCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null) =>
        new(_database, name, definition, _options, _logger, dynamic: false);

    /// <inheritdoc/>
    public override SqliteCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new(_database, name, definition, _options, _logger, dynamic: true);
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<string> names = _database.Read("ListCollectionNames", connection =>
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM rag_collections ORDER BY name;";
            using SqliteDataReader reader = command.ExecuteReader();
            var list = new List<string>();
            while (reader.Read())
            {
                list.Add(reader.GetString(0));
            }

            return list;
        });
        foreach (string name in names)
        {
            yield return name;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_database.Read("CollectionExists", connection =>
            SqliteDatabase.Scalar(connection, "SELECT 1 FROM rag_collections WHERE name = $n;", null, ("$n", name)) is not null));
    }

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default) =>
        SqliteCollection<string, Dictionary<string, object?>>.DeleteTablesAsync(_database, name, cancellationToken);

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? new VectorStoreMetadata { VectorStoreSystemName = SqliteDatabase.SystemName, VectorStoreName = _database.Path }
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
