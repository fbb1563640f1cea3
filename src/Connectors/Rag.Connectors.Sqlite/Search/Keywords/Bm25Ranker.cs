// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Rag.Connectors.Search;
using Rag.Connectors.Sqlite.Storage;

namespace Rag.Connectors.Sqlite.Search.Keywords;

/// <summary>
/// Top-k BM25 over an FTS5 table with the scores of FTS5's own <c>bm25()</c>, without scoring every match in SQL: each
/// query token's posting list (row, column-weighted frequency) is read once from the table's <c>fts5vocab</c> instance
/// view and kept in memory with every row's token count, and a query is scored term at a time over those arrays. The
/// cache is keyed by the FTS5 table's averages and structure records, which change with every write to it (from this
/// process or another), so a changed table is read afresh: results always match the table as it is.
/// </summary>
internal sealed class Bm25Ranker : IDisposable
{
    // FTS5's bm25() constants.
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>The most posting entries kept in memory (about 12 bytes each); least recently used tokens are dropped beyond it.</summary>
    private const long MaxCachedPostings = 4_000_000;

    private readonly string _ftsTable;
    private readonly double[] _weights;
    private readonly FullTextTokenizer _tokenizer;
    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Token, Postings Postings)>> _postings = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Token, Postings Postings)> _recent = new();
    private long _cachedPostings;
    private string? _version;
    private RowLengths? _rows;
    private Dictionary<string, int>? _columns;

    /// <param name="ftsTable">The FTS5 table.</param>
    /// <param name="tokenize">Its <c>tokenize</c> option.</param>
    /// <param name="weights">The column weights passed to <c>bm25()</c>, in column order.</param>
    public Bm25Ranker(string ftsTable, string tokenize, IReadOnlyList<double> weights)
    {
        _ftsTable = ftsTable;
        _weights = [.. weights];
        _tokenizer = new FullTextTokenizer(tokenize);
    }

    /// <summary>
    /// Ranks the rows matching <paramref name="matchExpression"/> (an OR of quoted phrases, <see cref="FullTextQuery"/>) best
    /// first; <see langword="null"/> when a phrase is not one token, which only FTS5 can match.
    /// </summary>
    public List<ScoredRow>? Search(SqliteConnection connection, string matchExpression, int top)
    {
        List<string> tokens = [];
        foreach (string phrase in FullTextQuery.Phrases(matchExpression))
        {
            if (_tokenizer.Tokenize(phrase) is not [string token])
            {
                return null;
            }

            tokens.Add(token);
        }

        (RowLengths rows, Postings[] lists) = Read(connection, tokens);
        return Score(rows, lists, top);
    }

    public void Dispose() => _tokenizer.Dispose();

    /// <summary>The row lengths and each token's postings, read from the table in one read transaction when not cached for its current version.</summary>
    private (RowLengths Rows, Postings[] Lists) Read(SqliteConnection connection, List<string> tokens)
    {
        string instances = SqliteDatabase.Quote(_ftsTable + "_rag_instances");
        SqliteDatabase.Execute(connection, $"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{instances} USING fts5vocab(main, {SqliteDatabase.Quote(_ftsTable)}, instance);");
        // Within a caller's read transaction (a search's snapshot) the reads share its state already.
        using SqliteTransaction? snapshot = SqliteDatabase.InTransaction(connection) ? null : connection.BeginTransaction(deferred: true);
        lock (_lock)
        {
            string version = ReadVersion(connection, snapshot);
            if (!string.Equals(version, _version, StringComparison.Ordinal) || _rows is null)
            {
                _postings.Clear();
                _recent.Clear();
                _cachedPostings = 0;
                _rows = ReadRowLengths(connection, snapshot);
                _columns ??= ReadColumns(connection, snapshot);
                _version = version;
            }

            var lists = new Postings[tokens.Count];
            for (int i = 0; i < tokens.Count; i++)
            {
                lists[i] = CachedPostings(connection, snapshot, instances, tokens[i]);
            }

            return (_rows, lists);
        }
    }

    private Postings CachedPostings(SqliteConnection connection, SqliteTransaction? snapshot, string instances, string token)
    {
        if (_postings.TryGetValue(token, out LinkedListNode<(string Token, Postings Postings)>? node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value.Postings;
        }

        Postings postings = ReadPostings(connection, snapshot, instances, token);
        _postings[token] = _recent.AddFirst((token, postings));
        _cachedPostings += postings.Rows.Length;
        while (_cachedPostings > MaxCachedPostings && _recent.Count > 1)
        {
            (string oldToken, Postings old) = _recent.Last!.Value;
            _recent.RemoveLast();
            _postings.Remove(oldToken);
            _cachedPostings -= old.Rows.Length;
        }

        return postings;
    }

    /// <summary>FTS5's averages record (row count, column totals) and structure record (segments and write counter), as one string.</summary>
    private string ReadVersion(SqliteConnection connection, SqliteTransaction? snapshot)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = $"SELECT group_concat(hex(block), ':') FROM (SELECT block FROM {SqliteDatabase.Quote(_ftsTable + "_data")} WHERE id IN (1, 10) ORDER BY id);";
        return command.ExecuteScalar() as string ?? string.Empty;
    }

    /// <summary>Every row's total token count (FTS5's <c>docsize</c> record: one varint per column).</summary>
    private RowLengths ReadRowLengths(SqliteConnection connection, SqliteTransaction? snapshot)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = $"SELECT id, sz FROM {SqliteDatabase.Quote(_ftsTable + "_docsize")} ORDER BY id;";
        var ids = new List<long>();
        var lengths = new List<int>();
        long total = 0;
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            int length = SumVarints((byte[])reader.GetValue(1));
            ids.Add(reader.GetInt64(0));
            lengths.Add(length);
            total += length;
        }

        return new RowLengths([.. ids], [.. lengths], ids.Count == 0 ? 0 : (double)total / ids.Count);
    }

    private Dictionary<string, int> ReadColumns(SqliteConnection connection, SqliteTransaction? snapshot)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = "SELECT name, cid FROM pragma_table_info($table);";
        command.Parameters.AddWithValue("$table", _ftsTable);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns[reader.GetString(0)] = reader.GetInt32(1);
        }

        return columns;
    }

    /// <summary>One token's rows (ordinals into <see cref="RowLengths"/>) and their <see cref="FrequencyPart"/>s, each occurrence counted at its column's weight.</summary>
    private Postings ReadPostings(SqliteConnection connection, SqliteTransaction? snapshot, string instances, string token)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = $"SELECT doc, col FROM temp.{instances} WHERE term = $term;";
        command.Parameters.AddWithValue("$term", token);
        var rows = new List<int>();
        var frequencies = new List<double>();
        long[] ids = _rows!.RowIds;
        long current = long.MinValue;
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            long doc = reader.GetInt64(0);
            int column = _columns!.TryGetValue(reader.GetString(1), out int c) ? c : int.MaxValue;
            double weight = column < _weights.Length ? _weights[column] : 1.0;
            if (doc != current)
            {
                int ordinal = Array.BinarySearch(ids, doc);
                if (ordinal < 0)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The FTS5 table '{_ftsTable}' lists row {doc} for a token but holds no size for it."));
                }

                current = doc;
                rows.Add(ordinal);
                frequencies.Add(0.0);
            }

            frequencies[^1] += weight;
        }

        double[] parts = new double[rows.Count];
        for (int j = 0; j < parts.Length; j++)
        {
            parts[j] = FrequencyPart(frequencies[j], _rows.Lengths[rows[j]], _rows.AverageLength);
        }

        return new Postings([.. rows], parts);
    }

    /// <summary>
    /// The part of a phrase's <c>bm25()</c> term that does not depend on the query, <c>f(k1 + 1) / (f + k1(1 - b + b·D/avgdl))</c>,
    /// evaluated as FTS5 evaluates it, so that multiplying by the IDF gives FTS5's number to the last bit.
    /// </summary>
    private static double FrequencyPart(double frequency, int rowLength, double averageLength) =>
        (frequency * (K1 + 1.0)) / (frequency + (K1 * (1 - B + (B * rowLength / averageLength))));

    /// <summary>bm25() of each matching row, summed phrase by phrase in query order as FTS5 does, and the best <paramref name="top"/>.</summary>
    private static List<ScoredRow> Score(RowLengths rows, Postings[] lists, int top)
    {
        int count = rows.RowIds.Length;
        double[] scores = ArrayPool<double>.Shared.Rent(Math.Max(count, 1));
        var touched = new List<int>();
        try
        {
            Array.Clear(scores, 0, count);
            foreach (Postings list in lists)
            {
                double idf = Math.Log((count - list.Rows.Length + 0.5) / (list.Rows.Length + 0.5));
                if (idf <= 0.0)
                {
                    idf = 1e-6;
                }

                int[] listRows = list.Rows;
                double[] parts = list.FrequencyParts;
                for (int j = 0; j < listRows.Length; j++)
                {
                    int row = listRows[j];
                    if (scores[row] == 0.0)
                    {
                        touched.Add(row);
                    }

                    scores[row] += idf * parts[j];
                }
            }

            var best = new PriorityQueue<int, (double Score, long NegatedRowId)>(top + 1);
            foreach (int row in touched)
            {
                (double Score, long NegatedRowId) key = (scores[row], -rows.RowIds[row]);
                if (best.Count < top)
                {
                    best.Enqueue(row, key);
                }
                else if (best.TryPeek(out _, out (double Score, long NegatedRowId) worst) && key.CompareTo(worst) > 0)
                {
                    best.DequeueEnqueue(row, key);
                }
            }

            var ranked = new List<ScoredRow>(best.Count);
            while (best.TryDequeue(out int row, out _))
            {
                ranked.Add(new ScoredRow(rows.RowIds[row], scores[row]));
            }

            ranked.Reverse();
            return ranked;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scores);
        }
    }

    private static int SumVarints(byte[] record)
    {
        int sum = 0;
        int i = 0;
        while (i < record.Length)
        {
            long value = 0;
            for (int n = 0; i < record.Length; n++)
            {
                byte b = record[i++];
                if (n == 8)
                {
                    value = (value << 8) | b;
                    break;
                }

                value = (value << 7) | (uint)(b & 0x7F);
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            sum += (int)value;
        }

        return sum;
    }

    private sealed record RowLengths(long[] RowIds, int[] Lengths, double AverageLength);

    private sealed record Postings(int[] Rows, double[] FrequencyParts);
}
