// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.VectorData;
using SQLitePCL;

namespace Rag.Connectors.Sqlite.Storage;

/// <summary>
/// One SQLite file: a write connection (one writer at a time), pooled read connections, WAL, the schema-version table,
/// and the gate that makes a committed batch and its in-memory index update one step for readers.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    /// <summary>The schema version this code writes. Each entry of <see cref="s_migrations"/> moves one version forward.</summary>
    public const int SchemaVersion = 1;

    private static readonly string[] s_migrations =
    [
        // 0 -> 1: store-wide metadata and the collection catalog of the VectorData face.
        """
        CREATE TABLE IF NOT EXISTS rag_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS rag_collections (
            name TEXT PRIMARY KEY,
            key_type TEXT NOT NULL,
            vector_column TEXT,
            dimensions INTEGER NOT NULL,
            distance TEXT NOT NULL,
            model_id TEXT,
            fts_columns TEXT NOT NULL);
        """,
    ];

    private string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly bool _flushOnCommit;
    private readonly bool _readOnly;
    private readonly ILogger _logger;
    private readonly Action<SqliteConnection, SqliteTransaction>? _createSchema;
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.SupportsRecursion);
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly object _openLock = new();
    private SqliteConnection? _writeConnection;
    private bool _disposed;

    /// <param name="path">The database file.</param>
    /// <param name="busyTimeout">How long a statement waits for another process's lock.</param>
    /// <param name="flushOnCommit">Whether each commit is flushed to the device.</param>
    /// <param name="readOnly">Whether the file is opened read-only (never created, migrated or written).</param>
    /// <param name="logger">The logger.</param>
    /// <param name="createSchema">Creates the tables of the store that owns the file (idempotent, <c>IF NOT EXISTS</c>); it runs
    /// in the transaction that migrates the file, so a file is either blank or holds the whole schema, whenever it is killed.</param>
    public SqliteDatabase(string path, TimeSpan busyTimeout, bool flushOnCommit, bool readOnly, ILogger logger, Action<SqliteConnection, SqliteTransaction>? createSchema = null)
    {
        _createSchema = createSchema;
        Path = System.IO.Path.GetFullPath(path);
        _busyTimeoutMs = (int)Math.Clamp(busyTimeout.TotalMilliseconds, 0, int.MaxValue);
        _flushOnCommit = flushOnCommit;
        _readOnly = readOnly;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Gets a value indicating whether the file was opened read-only: nothing is created, migrated or written.</summary>
    public bool IsReadOnly => _readOnly;

    private bool WalHoldsCommits() => new FileInfo(Path + "-wal") is { Exists: true, Length: > 0 };

    /// <summary>
    /// Opens the file (creating it), switches to WAL and runs forward migrations; read-only, opens an existing file of the
    /// current schema version and changes nothing. Idempotent.
    /// </summary>
    public void EnsureOpen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writeConnection is not null)
        {
            return;
        }

        lock (_openLock)
        {
            if (_writeConnection is not null)
            {
                return;
            }

            if (_readOnly && !File.Exists(Path))
            {
                throw Failure("Open", "does not exist. A store opened read-only (SqliteStoreOptions.ReadOnly) is never created; index the folder first or fix the path");
            }

            SqliteConnection? connection = null;
            try
            {
                string? directory = System.IO.Path.GetDirectoryName(Path);
                if (!_readOnly && !string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                try
                {
                    connection = OpenAndReadSchema();
                }
                catch (SqliteException ex) when (_readOnly && (ex.SqliteErrorCode & 0xFF) is 8 or 10 or 14 && !WalHoldsCommits())
                {
                    // A WAL-mode file on read-only media, in a folder this user cannot write or on a full disk: SQLite cannot
                    // create or size its -shm file (SQLITE_CANTOPEN, SQLITE_READONLY_CANTINIT, SQLITE_IOERR_SHMSIZE). With no
                    // -wal file, or an empty one, the database file holds every commit, so it is opened as immutable (no
                    // locks, no shared memory).
                    _connectionString = new SqliteConnectionStringBuilder(_connectionString) { DataSource = new Uri(Path).AbsoluteUri + "?immutable=1" }.ToString();
                    connection = OpenAndReadSchema();
                    Log.OpenedImmutable(_logger, Path);
                }

                if (_readOnly)
                {
                    CheckSchemaVersion(connection);
                    _writeConnection = connection;
                    return;
                }

                string mode = Convert.ToString(Scalar(connection, "PRAGMA journal_mode = WAL;"), CultureInfo.InvariantCulture) ?? string.Empty;
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new VectorStoreException($"The SQLite database '{Path}' could not be switched to WAL mode (journal mode is '{mode}'); is the file or its folder read-only?")
                    {
                        VectorStoreSystemName = SystemName,
                        VectorStoreName = Path,
                        OperationName = "Open",
                    };
                }

                Execute(connection, _flushOnCommit ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");

                // A larger page cache for the writer keeps the B-tree and FTS pages of a batch in memory (64 MiB).
                Execute(connection, "PRAGMA cache_size = -65536;");
                Migrate(connection);
                _writeConnection = connection;
            }
            catch (SqliteException ex)
            {
                connection?.Dispose();
                throw Translate(ex, "Open");
            }
            catch
            {
                connection?.Dispose();
                throw;
            }
        }
    }

    public const string SystemName = "sqlite";

    /// <summary>Opens a connection and reads the schema, so a corrupt, foreign or unreachable file fails before anything is written.</summary>
    private SqliteConnection OpenAndReadSchema()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {_busyTimeoutMs};"));
            Execute(connection, "SELECT count(*) FROM sqlite_master;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs a read under the gate on a pooled connection.</summary>
    public T Read<T>(string operation, Func<SqliteConnection, T> body)
    {
        EnsureOpen();
        _gate.EnterReadLock();
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            return body(connection);
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, operation);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Opens a read that spans several statements and sees one committed state throughout (see <see cref="SqliteReadSnapshot"/>);
    /// the caller disposes it on this thread.
    /// </summary>
    public SqliteReadSnapshot BeginRead(string operation)
    {
        EnsureOpen();
        _gate.EnterReadLock();
        var connection = new SqliteConnection(_connectionString);
        bool begun = false;
        try
        {
            connection.Open();

            // Issued as SQL rather than BeginTransaction, so the steps' commands need no transaction object.
            Execute(connection, "BEGIN DEFERRED;", null);
            begun = true;
            return new SqliteReadSnapshot(this, connection, _gate.ExitReadLock);
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, operation);
        }
        finally
        {
            if (!begun)
            {
                connection.Dispose();
                _gate.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// Runs a write batch in one transaction on the write connection; <paramref name="body"/> returns the in-memory change
    /// applied together with the commit, so readers see the batch entirely or not at all.
    /// </summary>
    public async Task WriteAsync(string operation, Func<SqliteConnection, SqliteTransaction, Action?> body, CancellationToken cancellationToken)
    {
        EnsureOpen();
        if (_readOnly)
        {
            throw Failure(operation, "was opened read-only (SqliteStoreOptions.ReadOnly), so it cannot be changed. Nothing was changed; open it without ReadOnly to write");
        }

        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            SqliteConnection connection = _writeConnection!;
            using SqliteTransaction transaction = connection.BeginTransaction();
            Action? apply = body(connection, transaction);
            cancellationToken.ThrowIfCancellationRequested();
            _gate.EnterWriteLock();
            try
            {
                transaction.Commit();
                apply?.Invoke();
            }
            finally
            {
                _gate.ExitWriteLock();
            }
        }
        catch (SqliteException ex)
        {
            Log.OperationFailed(_logger, ex, Path, operation);
            throw Translate(ex, operation);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Runs an in-memory step under the write gate (no SQL), e.g. loading an index.</summary>
    public void Exclusive(Action body)
    {
        _gate.EnterWriteLock();
        try
        {
            body();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <summary>Creates a pooled connection for loading (caller disposes).</summary>
    public SqliteConnection OpenConnection()
    {
        EnsureOpen();
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Maps a SQLite error to an exception naming the database and what went wrong.</summary>
    public VectorStoreException Translate(SqliteException ex, string operation)
    {
        string reason = (ex.SqliteErrorCode & 0xFF) switch
        {
            5 or 6 => $"is locked by another process or connection (waited the busy timeout of {_busyTimeoutMs} ms). Nothing was changed; retry when the other writer is done",
            8 => "is read-only (check the file's and its folder's permissions, and whether the file system is mounted read-only). Nothing was changed",
            10 when IsWriteError(ex.SqliteExtendedErrorCode) => string.Create(CultureInfo.InvariantCulture, $"could not be written: the disk is full, a disk quota or file-size limit was reached, or the device failed (SQLite disk I/O error, extended code {ex.SqliteExtendedErrorCode}). The transaction was rolled back: what was stored before is intact; free space and retry"),
            10 => string.Create(CultureInfo.InvariantCulture, $"could not be read or written: a disk I/O error (SQLite extended code {ex.SqliteExtendedErrorCode}), e.g. the device failed or the disk is full. An unfinished transaction was rolled back: what was stored before is intact"),
            11 or 26 => "is corrupt or is not a SQLite database (\"file is not a database\"). The file was left untouched; restore it from a backup or delete it to re-index",
            14 when File.Exists(Path) => "exists but could not be opened for writing: the file system may be mounted read-only, or the permissions of the file or its folder forbid it (SQLite creates -wal and -shm files next to the database). Nothing was changed",
            14 => "could not be opened (check the path and the folder's permissions)",
            13 => "could not be written: the disk is full (or a disk quota or file-size limit was reached). The transaction was rolled back: what was stored before is intact; free space and retry",
            _ => "failed",
        };
        return new VectorStoreException($"The SQLite database '{Path}' {reason}. ({operation}: {ex.Message})", ex)
        {
            VectorStoreSystemName = SystemName,
            VectorStoreName = Path,
            OperationName = operation,
        };
    }

    /// <summary>Gets whether an extended SQLITE_IOERR code is a failed write, truncate, sync or shared-memory growth: what a full disk or a size limit causes.</summary>
    private static bool IsWriteError(int extendedCode) => (extendedCode >> 8) is 3 or 4 or 6 or 19;

    /// <summary>Gets a value indicating whether a transaction is open on the connection (begun as SQL or as a <see cref="SqliteTransaction"/>).</summary>
    public static bool InTransaction(SqliteConnection connection) => SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0;

    /// <summary>
    /// Runs a query through SQLite's statement API, bound to <paramref name="text"/> as <c>?1</c> when given, and hands each
    /// row to <paramref name="row"/> while its values are valid (blobs as spans into SQLite's memory: no copy, no allocation
    /// per row); stops early when <paramref name="row"/> returns <see langword="false"/>. Runs inside the connection's
    /// transaction, if one is open.
    /// </summary>
    public static void ReadRows(SqliteConnection connection, string sql, string? text, Func<sqlite3_stmt, bool> row)
    {
        sqlite3 db = connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt statement));
        using (statement)
        {
            if (text is not null)
            {
                Check(db, raw.sqlite3_bind_text(statement, 1, text));
            }

            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if (!row(statement))
                {
                    return;
                }
            }

            Check(db, step == raw.SQLITE_DONE ? raw.SQLITE_OK : step);
        }
    }

    /// <summary>Throws SQLite's error for a result code of its statement API other than OK.</summary>
    private static void Check(sqlite3 db, int resultCode)
    {
        if (resultCode != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), resultCode, raw.sqlite3_extended_errcode(db));
        }
    }

    /// <summary>Creates an exception naming the database, for a failure that is not a SQLite error.</summary>
    public VectorStoreException Failure(string operation, string reason) =>
        new($"The SQLite database '{Path}' {reason}.")
        {
            VectorStoreSystemName = SystemName,
            VectorStoreName = Path,
            OperationName = operation,
        };

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        object? result = command.ExecuteScalar();
        return result is DBNull ? null : result;
    }

    public static string? GetMeta(SqliteConnection connection, string key, SqliteTransaction? transaction = null) =>
        Scalar(connection, "SELECT value FROM rag_meta WHERE key = $k;", transaction, ("$k", key)) as string;

    public static void SetMeta(SqliteConnection connection, SqliteTransaction transaction, string key, string value) =>
        Execute(connection, "INSERT INTO rag_meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value;", transaction, ("$k", key), ("$v", value));

    /// <summary>Quotes an SQL identifier.</summary>
    public static string Quote(string identifier) => string.Concat("\"", identifier.Replace("\"", "\"\"", StringComparison.Ordinal), "\"");

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writeConnection?.Dispose();
        _writeConnection = null;
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        _writer.Dispose();
        _gate.Dispose();
    }

    private void CheckSchemaVersion(SqliteConnection connection)
    {
        bool hasSchema = Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'rag_schema';"), CultureInfo.InvariantCulture) == 1;
        int version = hasSchema ? Convert.ToInt32(Scalar(connection, "SELECT version FROM rag_schema WHERE id = 1;") ?? 0, CultureInfo.InvariantCulture) : 0;
        if (version == 0 && IsBlank(connection))
        {
            throw Failure("Open", BlankReadOnlyReason);
        }

        if (version != SchemaVersion)
        {
            throw Failure("Open", string.Create(CultureInfo.InvariantCulture, $"has schema version {version}, and this version of Rag.Connectors.Sqlite reads version {SchemaVersion}; a store opened read-only (SqliteStoreOptions.ReadOnly) is never migrated. Open it once read-write with this version (or upgrade the package)"));
        }

        Log.DatabaseOpened(_logger, Path, version);
    }

    /// <summary>
    /// Why a read-only open refuses a file that holds no tables at all: it is empty, or a first open was killed before its
    /// schema was committed. Such a file holds no data; the next read-write open builds the schema in it.
    /// </summary>
    private const string BlankReadOnlyReason = "holds no store yet: it is empty, or the run that created it was stopped before its first commit, so it holds no data. A store opened read-only (SqliteStoreOptions.ReadOnly) never creates its tables; open it once without ReadOnly (index the folder again) and the tables are created in it";

    /// <summary>Gets whether the file holds no table, index or view: what an interrupted first open leaves.</summary>
    private static bool IsBlank(SqliteConnection connection) =>
        Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_master;"), CultureInfo.InvariantCulture) == 0;

    private void Migrate(SqliteConnection connection)
    {
        using SqliteTransaction transaction = connection.BeginTransaction();
        Execute(connection, "CREATE TABLE IF NOT EXISTS rag_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);", transaction);
        int version = Convert.ToInt32(Scalar(connection, "SELECT version FROM rag_schema WHERE id = 1;", transaction) ?? 0, CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new VectorStoreException($"The SQLite database '{Path}' has schema version {version}, written by a newer version of Rag.Connectors.Sqlite (this one knows version {SchemaVersion}). Upgrade the package.")
            {
                VectorStoreSystemName = SystemName,
                VectorStoreName = Path,
                OperationName = "Open",
            };
        }

        // Every pending migration and the owner's tables commit together: a kill leaves the file as it was or fully built.
        int from = version;
        while (version < SchemaVersion)
        {
            Execute(connection, s_migrations[version], transaction);
            version++;
            Execute(connection, "INSERT INTO rag_schema(id, version) VALUES (1, $v) ON CONFLICT(id) DO UPDATE SET version = excluded.version;", transaction, ("$v", version));
        }

        _createSchema?.Invoke(connection, transaction);
        transaction.Commit();

        if (from != version)
        {
            Log.DatabaseMigrated(_logger, Path, from, version);
        }

        Log.DatabaseOpened(_logger, Path, version);
    }
}
