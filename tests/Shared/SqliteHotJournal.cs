// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Data.Sqlite;

namespace Rag.TestUtilities;

/// <summary>
/// Makes the rollback journal a process killed mid-transaction leaves behind (linked into the test projects that need it,
/// so Rag.TestUtilities itself does not depend on SQLite).
/// </summary>
internal static class SqliteHotJournal
{
    /// <summary>Writes a first transaction large enough to spill pages before its commit, in a scratch database in <paramref name="directory"/>, and copies its journal while it is hot.</summary>
    public static byte[] Capture(string directory)
    {
        string source = Path.Combine(directory, "source.db");
        using var connection = new SqliteConnection($"Data Source={source};Pooling=False");
        connection.Open();
        using SqliteCommand setup = connection.CreateCommand();
        setup.CommandText = "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 2;";
        setup.ExecuteNonQuery();
        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand fill = connection.CreateCommand();
        fill.Transaction = transaction;
        fill.CommandText = "CREATE TABLE filler (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO filler SELECT randomblob(2000) FROM n;";
        fill.ExecuteNonQuery();
        byte[] journal = File.ReadAllBytes(source + "-journal");
        transaction.Rollback();
        return journal;
    }
}
