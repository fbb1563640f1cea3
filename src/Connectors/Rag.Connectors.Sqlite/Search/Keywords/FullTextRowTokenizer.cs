// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Rag.Connectors.Sqlite.Storage;

namespace Rag.Connectors.Sqlite.Search.Keywords;

/// <summary>
/// Lists the tokens and postings FTS5 stores for given rows of a table (token, row, column), by inserting the rows' stored
/// column values into a private in-memory FTS5 table declared exactly as that table is (same columns, tokenizer and
/// options) and reading its <c>fts5vocab</c> views through SQLite's statement API (one string per distinct token, not per
/// posting); the copy keeps no content and is emptied after each call.
/// </summary>
internal sealed class FullTextRowTokenizer : IDisposable
{
    private readonly object _lock = new();
    private readonly string _ftsTable;
    private SqliteConnection? _copy;
    private string[] _columns = [];
    private byte[][] _utf8Columns = [];

    /// <param name="ftsTable">The FTS5 table whose rows are tokenized.</param>
    public FullTextRowTokenizer(string ftsTable) => _ftsTable = ftsTable;

    /// <summary>The distinct tokens of the rows <paramref name="rowIds"/> as the table holds them now, read through <paramref name="connection"/>.</summary>
    public List<string> Tokens(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<long> rowIds)
    {
        var tokens = new List<string>();
        Copied(connection, transaction, rowIds, copy => SqliteDatabase.ReadRows(copy, "SELECT term FROM copy_terms;", null, statement =>
        {
            tokens.Add(raw.sqlite3_column_text(statement, 0).utf8_to_string());
            return true;
        }));
        return tokens;
    }

    /// <summary>
    /// The postings of the rows <paramref name="rowIds"/> as the table holds them now, read through <paramref name="connection"/>:
    /// one per occurrence, by token, row, column and offset (the order FTS5 scores them in). A posting's column is its
    /// position among the table's columns (its <c>cid</c>; -1 for a name the table does not declare).
    /// </summary>
    public List<(string Token, long RowId, int Column)> Tokenize(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<long> rowIds)
    {
        var postings = new List<(string Token, long RowId, int Column)>();
        Copied(connection, transaction, rowIds, copy =>
        {
            string token = string.Empty;
            byte[] utf8Token = [];
            SqliteDatabase.ReadRows(copy, "SELECT term, doc, col FROM copy_tokens;", null, statement =>
            {
                ReadOnlySpan<byte> term = raw.sqlite3_column_blob(statement, 0);
                if (!term.SequenceEqual(utf8Token))
                {
                    utf8Token = term.ToArray();
                    token = Encoding.UTF8.GetString(term);
                }

                postings.Add((token, raw.sqlite3_column_int64(statement, 1), ColumnAt(raw.sqlite3_column_blob(statement, 2))));
                return true;
            });
        });
        return postings;
    }

    public void Dispose() => _copy?.Dispose();

    /// <summary>Fills the copy with the rows, hands it to <paramref name="read"/>, and empties it.</summary>
    private void Copied(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<long> rowIds, Action<SqliteConnection> read)
    {
        if (rowIds.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            SqliteConnection copy = _copy ??= CreateCopy(connection, transaction);
            using (SqliteTransaction fill = copy.BeginTransaction())
            {
                CopyRows(connection, transaction, copy, fill, rowIds);
                fill.Commit();
            }

            try
            {
                read(copy);
            }
            finally
            {
                SqliteDatabase.Execute(copy, "INSERT INTO copy (copy) VALUES ('delete-all');");
            }
        }
    }

    /// <summary>The position of the table's column named <paramref name="utf8Name"/> (as SQLite hands it over); -1 for none.</summary>
    private int ColumnAt(ReadOnlySpan<byte> utf8Name)
    {
        for (int i = 0; i < _utf8Columns.Length; i++)
        {
            if (utf8Name.SequenceEqual(_utf8Columns[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Opens the in-memory database and declares the copy from the table's own <c>CREATE VIRTUAL TABLE</c> statement.</summary>
    private SqliteConnection CreateCopy(SqliteConnection connection, SqliteTransaction transaction)
    {
        string sql = SqliteDatabase.Scalar(connection, "SELECT sql FROM sqlite_master WHERE name = $name;", transaction, ("$name", _ftsTable)) as string
            ?? throw new InvalidOperationException($"The FTS5 table '{_ftsTable}' does not exist.");
        int usingAt = sql.IndexOf(" USING ", StringComparison.OrdinalIgnoreCase);
        if (usingAt < 0)
        {
            throw new InvalidOperationException($"The table '{_ftsTable}' is not a virtual table: {sql}");
        }

        using (SqliteCommand columns = connection.CreateCommand())
        {
            columns.Transaction = transaction;
            columns.CommandText = "SELECT name FROM pragma_table_info($table) ORDER BY cid;";
            columns.Parameters.AddWithValue("$table", _ftsTable);
            using SqliteDataReader reader = columns.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

            _columns = [.. names];
            _utf8Columns = [.. names.Select(Encoding.UTF8.GetBytes)];
        }

        var copy = new SqliteConnection("Data Source=:memory:;Pooling=False");
        copy.Open();
        // Contentless, so that it is emptied at once ('delete-all') rather than row by row (each deleted row tokenized again).
        string definition = sql[usingAt..].TrimEnd().TrimEnd(')');
        SqliteDatabase.Execute(copy, $"CREATE VIRTUAL TABLE copy{definition}, content = ''); CREATE VIRTUAL TABLE copy_tokens USING fts5vocab (copy, instance); CREATE VIRTUAL TABLE copy_terms USING fts5vocab (copy, row);");
        return copy;
    }

    private void CopyRows(SqliteConnection connection, SqliteTransaction transaction, SqliteConnection copy, SqliteTransaction fill, IReadOnlyCollection<long> rowIds)
    {
        string columns = string.Join(", ", _columns.Select(SqliteDatabase.Quote));
        using SqliteCommand select = connection.CreateCommand();
        select.Transaction = transaction;
        // One lookup per row: FTS5 serves "rowid = ?" directly, but would scan the whole table for an IN over a subquery.
        select.CommandText = $"SELECT {columns} FROM {SqliteDatabase.Quote(_ftsTable)} WHERE rowid = $id;";
        SqliteParameter id = select.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        using SqliteCommand insert = copy.CreateCommand();
        insert.Transaction = fill;
        insert.CommandText = $"INSERT INTO copy (rowid, {columns}) VALUES ($rowid{string.Concat(_columns.Select((_, i) => ", " + Parameter(i)))});";
        SqliteParameter rowId = insert.Parameters.Add(new SqliteParameter { ParameterName = "$rowid" });
        SqliteParameter[] values = [.. _columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter { ParameterName = Parameter(i) }))];
        foreach (long row in rowIds)
        {
            id.Value = row;
            using SqliteDataReader reader = select.ExecuteReader();
            if (!reader.Read())
            {
                continue;
            }

            rowId.Value = row;
            for (int i = 0; i < values.Length; i++)
            {
                values[i].Value = reader.GetValue(i);
            }

            insert.ExecuteNonQuery();
        }
    }

    private static string Parameter(int column) => "$c" + column.ToString(CultureInfo.InvariantCulture);
}
