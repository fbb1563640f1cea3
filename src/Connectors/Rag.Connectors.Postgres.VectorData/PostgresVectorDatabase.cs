// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.VectorData;
using Npgsql;
using Rag.Connectors.Postgres.Schema;

namespace Rag.Connectors.Postgres.VectorData;

/// <summary>
/// The schema of a <see cref="PostgresVectorStore"/>: its connections, and its catalog table <c>rag_collections</c>
/// (one row per collection: key type, vector shape, embedding model, full-text columns), created on first use.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class PostgresVectorDatabase : IDisposable
{
    public const string SystemName = "postgresql";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly bool _createExtension;
    private readonly SemaphoreSlim _readyLock = new(1, 1);
    private volatile bool _ready;

    public PostgresVectorDatabase(NpgsqlDataSource dataSource, bool ownsDataSource, string schema, bool createExtension)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _createExtension = createExtension;
        Schema = SchemaNames.Quote(schema);
        Catalog = Schema + ".rag_collections";
        DatabaseName = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database ?? string.Empty;
    }

    /// <summary>Gets the quoted schema.</summary>
    public string Schema { get; }

    /// <summary>Gets the quoted, qualified catalog table.</summary>
    public string Catalog { get; }

    /// <summary>Gets the database name, for metadata and errors.</summary>
    public string DatabaseName { get; }

    /// <summary>Gets a value indicating whether pgvector has iterative index scans (0.8 and later), so filtered HNSW searches fill their top-k.</summary>
    public bool IterativeScan { get; private set; }

    /// <summary>The quoted, qualified table of a collection.</summary>
    public string Table(string collection) => Schema + "." + SchemaNames.Quote(collection);

    /// <summary>Opens a pooled connection; the first call creates pgvector (when allowed), the schema and the catalog.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (_ready)
        {
            return connection;
        }

        try
        {
            await _readyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_ready)
                {
                    await PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
                    _ready = true;
                }
            }
            finally
            {
                _readyLock.Release();
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Returns whether the catalog lists the collection.</summary>
    public async Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        return await SchemaMigrator.ScalarAsync(connection, $"SELECT 1 FROM {Catalog} WHERE name = @n;", cancellationToken, ("n", name)).ConfigureAwait(false) is not null;
    }

    /// <summary>Drops a collection's table and catalog row, in one transaction; nothing happens when it does not exist.</summary>
    public async Task DropCollectionAsync(string name, CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
        await SchemaMigrator.ExecuteAsync(connection, $"DROP TABLE IF EXISTS {Table(name)}; DELETE FROM {Catalog} WHERE name = @n;", cancellationToken, ("n", name)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Wraps a server error in the <see cref="VectorStoreException"/> that Microsoft.Extensions.VectorData callers expect.</summary>
    public VectorStoreException Translate(PostgresException exception, string? collection, string operation) =>
        new(exception.SqlState == PostgresErrorCodes.UndefinedTable
            ? $"Collection '{collection}' does not exist in schema {Schema} of database '{DatabaseName}'; call EnsureCollectionExistsAsync first."
            : $"PostgreSQL failed during {operation}: {exception.MessageText}", exception)
        {
            VectorStoreSystemName = SystemName,
            VectorStoreName = DatabaseName,
            CollectionName = collection,
            OperationName = operation,
        };

    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }

        _readyLock.Dispose();
    }

    private async Task PrepareAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        bool vectorTypeKnown = await SchemaMigrator.ScalarAsync(connection, "SELECT to_regtype('vector') IS NOT NULL;", cancellationToken).ConfigureAwait(false) is true;
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            // The same database-wide lock as the knowledge store's migrations: nodes never race on CREATE EXTENSION.
            await SchemaMigrator.ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtextextended('rag:migrate', 0));", cancellationToken).ConfigureAwait(false);
            if (_createExtension)
            {
                await SchemaMigrator.ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS vector;", cancellationToken).ConfigureAwait(false);
            }

            string vectorVersion = await SchemaMigrator.ScalarAsync(connection, "SELECT extversion FROM pg_extension WHERE extname = 'vector';", cancellationToken).ConfigureAwait(false) as string
                ?? throw new InvalidOperationException("The pgvector extension is not installed in this database: run CREATE EXTENSION vector as a privileged role, or enable PostgresVectorStoreOptions.CreateExtension.");
            await SchemaMigrator.ExecuteAsync(
                connection,
                $"""
                CREATE SCHEMA IF NOT EXISTS {Schema};
                CREATE TABLE IF NOT EXISTS {Catalog} (
                    name text PRIMARY KEY, key_type text NOT NULL, vector_column text, dimensions integer NOT NULL,
                    distance text NOT NULL, model_id text, fts_columns text NOT NULL);
                """,
                cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            IterativeScan = Version.TryParse(vectorVersion, out Version? parsed) && parsed >= new Version(0, 8);
        }

        if (!vectorTypeKnown || !_ownsDataSource)
        {
            // Load pgvector's types so Npgsql can send and read vectors: this call created the extension, or the caller's
            // data source may have loaded its types before anyone did.
            await connection.ReloadTypesAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
