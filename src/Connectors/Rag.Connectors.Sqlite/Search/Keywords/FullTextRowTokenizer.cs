// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;
using Rag.Connectors.Sqlite.Storage;

namespace Rag.Connectors.Sqlite.Search.Keywords;

/// <summary>
/// Lists the postings FTS5 stores for given rows of a table (token, row, column), by inserting the rows' stored column
/// values into a private in-memory FTS5 table declared exactly as that table is (same columns, tokenizer and options) and
/// reading its <c>fts5vocab</c> instance view; the copy keeps no content and is emptied after each call.
/// </summary>
internal sealed class FullTextRowTokenizer : IDisposable
{
    private readonly object _lock = new();
    private readonly string _ftsTable;
    private SqliteConnection? _copy;
    private string[] _columns = [];

    /// <param name="ftsTable">The FTS5 table whose rows are tokenized.</param>
    public FullTextRowTokenizer(string ftsTable) => _ftsTable = ftsTable;

    /// <summary>The postings of the rows <paramref name="rowIds"/> as the table holds them now, read through <paramref name="connection"/>.</summary>
    public List<(string Token, long RowId, string Column)> Tokenize(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<long> rowIds)
    {
        var postings = new List<(string Token, long RowId, string Column)>();
        if (rowIds.Count == 0)
        {
            return postings;
        }

        lock (_lock)
        {
            SqliteConnection copy = _copy ??= CreateCopy(connection, transaction);
            using (SqliteTransaction fill = copy.BeginTransaction())
            {
                CopyRows(connection, transaction, copy, fill, rowIds);
                fill.Commit();
            }

            using (SqliteCommand read = copy.CreateCommand())
            {
                read.CommandText = "SELECT term, doc, col FROM copy_tokens;";
                using SqliteDataReader reader = read.ExecuteReader();
                while (reader.Read())
                {
                    postings.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
                }
            }

            SqliteDatabase.Execute(copy, "INSERT INTO copy (copy) VALUES ('delete-all');");
        }

        return postings;
    }

    public void Dispose() => _copy?.Dispose();

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
        }

        var copy = new SqliteConnection("Data Source=:memory:;Pooling=False");
        copy.Open();
        // Contentless, so that it is emptied at once ('delete-all') rather than row by row (each deleted row tokenized again).
        string definition = sql[usingAt..].TrimEnd().TrimEnd(')');
        SqliteDatabase.Execute(copy, $"CREATE VIRTUAL TABLE copy{definition}, content = ''); CREATE VIRTUAL TABLE copy_tokens USING fts5vocab (copy, instance);");
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
