// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Data.Sqlite;

namespace Rag.Connectors.Sqlite.Storage;

/// <summary>
/// A read over several statements of one committed state: the database's read gate is held (so no commit of this process
/// and no change to its in-memory indexes happens meanwhile) and one SQLite read transaction is open on one connection
/// (so neither does another process's commit), until disposed.
/// </summary>
/// <remarks>The gate is a <see cref="System.Threading.ReaderWriterLockSlim"/>, which is thread-affine: dispose the snapshot
/// on the thread that opened it. The SQLite store's search steps run synchronously, so a search does.</remarks>
internal sealed class SqliteReadSnapshot : IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly SqliteConnection _connection;
    private readonly Action _exitGate;
    private bool _disposed;

    public SqliteReadSnapshot(SqliteDatabase database, SqliteConnection connection, Action exitGate)
    {
        _database = database;
        _connection = connection;
        _exitGate = exitGate;
    }

    /// <summary>Runs one step of the read on the snapshot's connection.</summary>
    public T Read<T>(string operation, Func<SqliteConnection, T> body)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return body(_connection);
        }
        catch (SqliteException ex)
        {
            throw _database.Translate(ex, operation);
        }
    }

    /// <summary>Ends the read transaction, returns the connection to the pool and leaves the gate.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            SqliteDatabase.Execute(_connection, "COMMIT;", null);
        }
        finally
        {
            _connection.Dispose();
            _exitGate();
        }
    }
}
