// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.Data.Sqlite;
using Rag.Connectors.Search;
using Rag.Connectors.Sqlite.Storage;

namespace Rag.Connectors.Sqlite.Search.Keywords;

/// <summary>
/// Top-k BM25 over an FTS5 table with the scores of FTS5's own <c>bm25()</c>, without scoring every match in SQL: each
/// query token's posting list (row, column-weighted frequency) is read once from the table's <c>fts5vocab</c> instance
/// view and kept in memory with every row's token count, and a query's top k is found over those arrays by MaxScore
/// (<see cref="Bm25TopK"/>), with the results of scoring every posting term at a time. The cache is keyed by the FTS5
/// table's averages and structure records, which change with every write to it. A write of this process reported through
/// <see cref="BeginWrite"/> is applied to the cache (<see cref="Apply"/>), so the next query is as fast as any; a write
/// from elsewhere changes the records unseen, and the table is read afresh: results always match the table as it is.
/// </summary>
internal sealed class Bm25Ranker : IDisposable
{
    // FTS5's bm25() constants.
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>The most posting entries kept in memory (about 20 bytes each); least recently used tokens are dropped beyond it.</summary>
    private const long MaxCachedPostings = 4_000_000;

    private readonly string _ftsTable;
    private readonly double[] _weights;
    private readonly FullTextTokenizer _tokenizer;
    private readonly FullTextRowTokenizer _rowTokenizer;
    private readonly bool _prune;
    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Token, Postings Postings)>> _postings = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Token, Postings Postings)> _recent = new();
    private long _cachedPostings;
    private long _postingsScored;
    private string? _version;
    private Bm25Rows? _rows;
    private Dictionary<string, int>? _columns;

    /// <param name="ftsTable">The FTS5 table.</param>
    /// <param name="tokenize">Its <c>tokenize</c> option.</param>
    /// <param name="weights">The column weights passed to <c>bm25()</c>, in column order.</param>
    /// <param name="prune">Whether the top k is found by MaxScore (<see cref="Bm25TopK"/>) rather than by scoring every posting.</param>
    public Bm25Ranker(string ftsTable, string tokenize, IReadOnlyList<double> weights, bool prune = true)
    {
        _ftsTable = ftsTable;
        _prune = prune;
        _weights = [.. weights];
        _tokenizer = new FullTextTokenizer(tokenize);
        _rowTokenizer = new FullTextRowTokenizer(ftsTable);
    }

    /// <summary>Gets how many posting lists were read from the table so far (each a cache miss): diagnostics.</summary>
    public long PostingListsRead { get; private set; }

    /// <summary>Gets how many postings the searches so far have scored: diagnostics (MaxScore skips most of a common token's).</summary>
    public long PostingsScored => Interlocked.Read(ref _postingsScored);

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

        (Bm25Rows rows, Postings[] lists) = Read(connection, tokens);
        long scored;
        List<ScoredRow> ranked = _prune
            ? Bm25TopK.Select(rows, [.. lists.Select(l => new Bm25TopK.Term(l.Rows, l.FrequencyParts, Idf(rows.LiveRows, l.Rows.Length), l.MaxPart))], top, out scored)
            : Score(rows, lists, top, out scored);
        Interlocked.Add(ref _postingsScored, scored);
        return ranked;
    }

    /// <summary>
    /// Starts gathering a write of this process to the table, inside its transaction before its first change to the table;
    /// <see langword="null"/> when nothing is cached for the table as it is (the next query reads it anyway).
    /// </summary>
    public Bm25Write? BeginWrite(SqliteConnection connection, SqliteTransaction transaction)
    {
        lock (_lock)
        {
            if (_rows is null)
            {
                return null;
            }
        }

        string version = ReadVersion(connection, transaction);
        lock (_lock)
        {
            return _rows is not null && string.Equals(version, _version, StringComparison.Ordinal) ? new Bm25Write(this, _rowTokenizer, version) : null;
        }
    }

    /// <summary>
    /// Applies a committed write gathered by <see cref="BeginWrite"/> and <see cref="Bm25Write.Finish"/> to the cache, when the
    /// cache still holds the table as it was before that write; otherwise the next query reads the table afresh.
    /// </summary>
    public void Apply(Bm25Write write)
    {
        lock (_lock)
        {
            if (_rows is null || write.VersionAfter is null || !string.Equals(write.VersionBefore, _version, StringComparison.Ordinal))
            {
                return;
            }

            int[] removedOrdinals = [.. write.RemovedRows.Select(_rows.OrdinalOf).Order()];
            if (!_rows.Remove(write.RemovedRows) || !_rows.Add(write.AddedRows))
            {
                Forget();
                return;
            }

            if (Frequencies(write.AddedPostings, _rows) is not { } added)
            {
                Forget();
                return;
            }

            foreach (string token in write.RemovedPostings.Select(p => p.Token).Concat(added.Keys).Distinct(StringComparer.Ordinal))
            {
                if (_postings.TryGetValue(token, out LinkedListNode<(string Token, Postings Postings)>? node))
                {
                    Postings updated = node.Value.Postings.Change(removedOrdinals, added.GetValueOrDefault(token));
                    _cachedPostings += updated.Rows.Length - node.Value.Postings.Rows.Length;
                    node.Value = (token, updated);
                }
            }

            _version = write.VersionAfter;
        }
    }

    public void Dispose()
    {
        _tokenizer.Dispose();
        _rowTokenizer.Dispose();
    }

    /// <summary>FTS5's averages record (row count, column totals) and structure record (segments and write counter), as one string.</summary>
    internal string ReadVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT group_concat(hex(block), ':') FROM (SELECT block FROM {SqliteDatabase.Quote(_ftsTable + "_data")} WHERE id IN (1, 10) ORDER BY id);";
        return command.ExecuteScalar() as string ?? string.Empty;
    }

    /// <summary>The token counts (FTS5's <c>docsize</c>, all columns) of the given rows, by ascending row id.</summary>
    internal List<(long RowId, int Length)> ReadLengths(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<long> rowIds)
    {
        var lengths = new List<(long RowId, int Length)>(rowIds.Count);
        if (rowIds.Count == 0)
        {
            return lengths;
        }

        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT id, sz FROM {SqliteDatabase.Quote(_ftsTable + "_docsize")} WHERE id IN (SELECT value FROM json_each($ids)) ORDER BY id;";
        command.Parameters.AddWithValue("$ids", SearchIndex.RowIdsJson(rowIds));
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            lengths.Add((reader.GetInt64(0), SumVarints((byte[])reader.GetValue(1))));
        }

        return lengths;
    }

    /// <summary>The row lengths and each token's postings, read from the table in one read transaction when not cached for its current version.</summary>
    private (Bm25Rows Rows, Postings[] Lists) Read(SqliteConnection connection, List<string> tokens)
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
                Forget();
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

    /// <summary>Drops every cached list and the row lengths.</summary>
    private void Forget()
    {
        _postings.Clear();
        _recent.Clear();
        _cachedPostings = 0;
        _rows = null;
    }

    private Postings CachedPostings(SqliteConnection connection, SqliteTransaction? snapshot, string instances, string token)
    {
        if (_postings.TryGetValue(token, out LinkedListNode<(string Token, Postings Postings)>? node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            Postings scored = node.Value.Postings.ScoredFor(_rows!);
            node.Value = (token, scored);
            return scored;
        }

        Postings postings = ReadPostings(connection, snapshot, instances, token).ScoredFor(_rows!);
        PostingListsRead++;
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

    /// <summary>Every row's total token count (FTS5's <c>docsize</c> record: one varint per column).</summary>
    private Bm25Rows ReadRowLengths(SqliteConnection connection, SqliteTransaction? snapshot)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = $"SELECT id, sz FROM {SqliteDatabase.Quote(_ftsTable + "_docsize")} ORDER BY id;";
        var ids = new List<long>();
        var lengths = new List<int>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
            lengths.Add(SumVarints((byte[])reader.GetValue(1)));
        }

        return new Bm25Rows([.. ids], [.. lengths]);
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

    /// <summary>The weight <c>bm25()</c> gives an occurrence in a column.</summary>
    private double WeightOf(string column)
    {
        int index = _columns!.TryGetValue(column, out int c) ? c : int.MaxValue;
        return index < _weights.Length ? _weights[index] : 1.0;
    }

    /// <summary>One token's rows (ordinals into <see cref="Bm25Rows"/>) and their column-weighted frequencies.</summary>
    private Postings ReadPostings(SqliteConnection connection, SqliteTransaction? snapshot, string instances, string token)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = $"SELECT doc, col FROM temp.{instances} WHERE term = $term;";
        command.Parameters.AddWithValue("$term", token);
        var rows = new List<int>();
        var frequencies = new List<double>();
        long current = long.MinValue;
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            long doc = reader.GetInt64(0);
            double weight = WeightOf(reader.GetString(1));
            if (doc != current)
            {
                int ordinal = _rows!.OrdinalOf(doc);
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

        return new Postings([.. rows], [.. frequencies], [], double.NaN, 0.0);
    }

    /// <summary>
    /// The added rows' postings by token, each (slot, column-weighted frequency), summed in the order FTS5 lists them;
    /// <see langword="null"/> when a row has no slot (its size was not read), which only a full read can mend.
    /// </summary>
    private Dictionary<string, List<(int Ordinal, double Frequency)>>? Frequencies(List<(string Token, long RowId, string Column)> postings, Bm25Rows rows)
    {
        var byToken = new Dictionary<string, List<(int Ordinal, double Frequency)>>(StringComparer.Ordinal);
        string? token = null;
        long row = long.MinValue;
        List<(int Ordinal, double Frequency)>? list = null;
        foreach ((string t, long rowId, string column) in postings)
        {
            if (!string.Equals(t, token, StringComparison.Ordinal))
            {
                token = t;
                row = long.MinValue;
                list = byToken.TryGetValue(t, out List<(int Ordinal, double Frequency)>? existing) ? existing : byToken[t] = [];
            }

            if (rowId != row)
            {
                int ordinal = rows.OrdinalOf(rowId);
                if (ordinal < 0)
                {
                    return null;
                }

                row = rowId;
                list!.Add((ordinal, 0.0));
            }

            list![^1] = (list[^1].Ordinal, list[^1].Frequency + WeightOf(column));
        }

        return byToken;
    }

    /// <summary>
    /// The part of a phrase's <c>bm25()</c> term that does not depend on the query, <c>f(k1 + 1) / (f + k1(1 - b + b·D/avgdl))</c>,
    /// evaluated as FTS5 evaluates it, so that multiplying by the IDF gives FTS5's number to the last bit.
    /// </summary>
    private static double FrequencyPart(double frequency, int rowLength, double averageLength) =>
        (frequency * (K1 + 1.0)) / (frequency + (K1 * (1 - B + (B * rowLength / averageLength))));

    /// <summary>A phrase's IDF as <c>bm25()</c> computes it from the row count and how many rows hold the phrase.</summary>
    private static double Idf(int rows, int matching)
    {
        double idf = Math.Log((rows - matching + 0.5) / (matching + 0.5));
        return idf <= 0.0 ? 1e-6 : idf;
    }

    /// <summary>
    /// bm25() of each matching row, summed phrase by phrase in query order as FTS5 does, and the best <paramref name="top"/>
    /// (every posting scored: <paramref name="scored"/>).
    /// </summary>
    private static List<ScoredRow> Score(Bm25Rows rows, Postings[] lists, int top, out long scored)
    {
        scored = 0;
        double[] scores = ArrayPool<double>.Shared.Rent(Math.Max(rows.Slots, 1));
        var touched = new List<int>();
        try
        {
            Array.Clear(scores, 0, rows.Slots);
            foreach (Postings list in lists)
            {
                double idf = Idf(rows.LiveRows, list.Rows.Length);
                scored += list.Rows.Length;
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
                (double Score, long NegatedRowId) key = (scores[row], -rows.RowId(row));
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
                ranked.Add(new ScoredRow(rows.RowId(row), scores[row]));
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

    /// <summary>
    /// One token's rows (slots of <see cref="Bm25Rows"/>, ascending), their column-weighted frequencies, and each one's
    /// <see cref="FrequencyPart"/> for the average row length <paramref name="Average"/> with the largest of them,
    /// <paramref name="MaxPart"/> (MaxScore's bound); never changed, only replaced.
    /// </summary>
    private sealed record Postings(int[] Rows, double[] Frequencies, double[] FrequencyParts, double Average, double MaxPart)
    {
        /// <summary>These postings with frequency parts for the rows' current average length (itself when they have them).</summary>
        public Postings ScoredFor(Bm25Rows rows)
        {
            if (Average.Equals(rows.AverageLength))
            {
                return this;
            }

            double[] parts = new double[Rows.Length];
            double max = 0.0;
            for (int j = 0; j < parts.Length; j++)
            {
                parts[j] = FrequencyPart(Frequencies[j], rows.Length(Rows[j]), rows.AverageLength);
                max = Math.Max(max, parts[j]);
            }

            return this with { FrequencyParts = parts, Average = rows.AverageLength, MaxPart = max };
        }

        /// <summary>
        /// These postings without the slots <paramref name="removed"/> (ascending) and with <paramref name="added"/> (ascending
        /// slots), still in slot order; their frequency parts are computed when next searched.
        /// </summary>
        public Postings Change(int[] removed, List<(int Ordinal, double Frequency)>? added)
        {
            var cuts = new List<int>();
            foreach (int ordinal in removed)
            {
                int at = Array.BinarySearch(Rows, ordinal);
                if (at >= 0)
                {
                    cuts.Add(at);
                }
            }

            int addedCount = added?.Count ?? 0;
            int[] rows = new int[Rows.Length - cuts.Count + addedCount];
            double[] frequencies = new double[rows.Length];
            int kept = 0;
            int from = 0;
            foreach (int cut in cuts.Append(Rows.Length))
            {
                Array.Copy(Rows, from, rows, kept, cut - from);
                Array.Copy(Frequencies, from, frequencies, kept, cut - from);
                kept += cut - from;
                from = cut + 1;
            }

            // Merge the added entries in from the back: appended slots (the usual case) touch no kept entry.
            for (int i = kept - 1, j = addedCount - 1, k = rows.Length - 1; j >= 0; k--)
            {
                if (i >= 0 && rows[i] > added![j].Ordinal)
                {
                    rows[k] = rows[i];
                    frequencies[k] = frequencies[i];
                    i--;
                }
                else
                {
                    rows[k] = added![j].Ordinal;
                    frequencies[k] = added[j].Frequency;
                    j--;
                }
            }

            return new Postings(rows, frequencies, [], double.NaN, 0.0);
        }
    }
}
