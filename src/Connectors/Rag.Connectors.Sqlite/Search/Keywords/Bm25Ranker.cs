// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Rag.Connectors.Search;
using Rag.Connectors.Sqlite.Storage;

namespace Rag.Connectors.Sqlite.Search.Keywords;

/// <summary>
/// Top-k BM25 over an FTS5 table with the scores of FTS5's own <c>bm25()</c>, without scoring every match in SQL: each
/// query token's posting list (row, column-weighted frequency) is read once from the table's <c>fts5vocab</c> instance
/// view and kept in memory with every row's token count, and a query's top k is found over those arrays by MaxScore
/// (<see cref="Bm25TopK"/>), with the results of scoring every posting term at a time. Lists are held compactly
/// (<see cref="Bm25Postings"/>, 6 bytes a posting) up to a memory budget, least recently used dropped beyond it. The
/// cache is keyed by the FTS5 table's averages and structure records, which change with every write to it. A write of
/// this process reported through <see cref="BeginWrite"/> is applied to the cache (<see cref="Apply"/>), so the next
/// query is as fast as any; a write from elsewhere changes the records unseen, and the table is read afresh: results
/// always match the table as it is.
/// </summary>
internal sealed class Bm25Ranker : IDisposable
{
    private readonly string _ftsTable;
    private readonly double[] _weights;
    private readonly FullTextTokenizer _tokenizer;
    private readonly FullTextRowTokenizer _rowTokenizer;
    private readonly bool _prune;
    private readonly long _maxCachedBytes;
    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<(string Token, Bm25Postings Postings)>> _postings = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Token, Bm25Postings Postings)> _recent = new();
    private long _cachedBytes;
    private long _postingsScored;
    private string? _version;
    private Bm25Rows? _rows;
    private Column[]? _columns;

    /// <param name="ftsTable">The FTS5 table.</param>
    /// <param name="tokenizer">Runs the table's <c>tokenize</c> option on query phrases; the caller owns it.</param>
    /// <param name="weights">The column weights passed to <c>bm25()</c>, in column order.</param>
    /// <param name="prune">Whether the top k is found by MaxScore (<see cref="Bm25TopK"/>) rather than by scoring every posting.</param>
    /// <param name="cacheBytes">The memory the cached posting lists may hold; at least the lists of the query being ranked are kept.</param>
    public Bm25Ranker(string ftsTable, FullTextTokenizer tokenizer, IReadOnlyList<double> weights, bool prune = true, long cacheBytes = 256L << 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cacheBytes);
        _ftsTable = ftsTable;
        _prune = prune;
        _maxCachedBytes = cacheBytes;
        _weights = [.. weights];
        _tokenizer = tokenizer;
        _rowTokenizer = new FullTextRowTokenizer(ftsTable);
    }

    /// <summary>Gets how many posting lists were read from the table so far (each a cache miss): diagnostics.</summary>
    public long PostingListsRead { get; private set; }

    /// <summary>Gets how many postings the searches so far have scored: diagnostics (MaxScore skips most of a common token's).</summary>
    public long PostingsScored => Interlocked.Read(ref _postingsScored);

    /// <summary>Gets the memory the cached posting lists hold, in bytes: diagnostics.</summary>
    public long CachedBytes
    {
        get
        {
            lock (_lock)
            {
                return _cachedBytes;
            }
        }
    }

    /// <summary>
    /// Ranks the rows matching <paramref name="matchExpression"/> (an OR of quoted phrases, <see cref="FullTextQuery"/>) best
    /// first; <see langword="null"/> when a phrase is not one token, which only FTS5 can match, or a token's list holds more
    /// distinct frequencies than <see cref="Bm25Postings"/> codes.
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

        if (Read(connection, tokens) is not (Bm25Rows rows, Bm25Postings[] lists))
        {
            return null;
        }

        long scored;
        List<ScoredRow> ranked = _prune
            ? Bm25TopK.Select(rows, [.. lists.Select(l => new Bm25TopK.Term(l, Idf(rows.LiveRows, l.Rows.Length)))], top, out scored)
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
    /// <remarks>
    /// It changes row lengths in place, which searches read while scoring outside the cache's lock: call it where no search
    /// of this ranker runs (the store applies it under its write gate, which searches hold for reading).
    /// </remarks>
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

            foreach (string token in write.RemovedTokens.Concat(added.Keys).Distinct(StringComparer.Ordinal))
            {
                if (_postings.TryGetValue(token, out LinkedListNode<(string Token, Bm25Postings Postings)>? node))
                {
                    if (node.Value.Postings.Change(removedOrdinals, added.GetValueOrDefault(token)) is not { } updated)
                    {
                        Forget();
                        return;
                    }

                    _cachedBytes += updated.Bytes - node.Value.Postings.Bytes;
                    node.Value = (token, updated);
                }
            }

            _version = write.VersionAfter;
        }
    }

    public void Dispose() => _rowTokenizer.Dispose();

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

    /// <summary>
    /// The row lengths and each token's postings, read from the table in one read transaction when not cached for its
    /// current version; <see langword="null"/> when a list cannot be coded.
    /// </summary>
    private (Bm25Rows Rows, Bm25Postings[] Lists)? Read(SqliteConnection connection, List<string> tokens)
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
                _rows = ReadRowLengths(connection);
                _columns ??= ReadColumns(connection, snapshot);
                _version = version;
            }

            var lists = new Bm25Postings[tokens.Count];
            for (int i = 0; i < tokens.Count; i++)
            {
                if (CachedPostings(connection, instances, tokens[i]) is not { } list)
                {
                    return null;
                }

                lists[i] = list;
            }

            EvictBeyondBudget(tokens.Count);
            return (_rows, lists);
        }
    }

    /// <summary>Drops every cached list and the row lengths.</summary>
    private void Forget()
    {
        _postings.Clear();
        _recent.Clear();
        _cachedBytes = 0;
        _rows = null;
    }

    /// <summary>A token's list, bound for the rows' average, from the cache or read (and cached); <see langword="null"/> when it cannot be coded.</summary>
    private Bm25Postings? CachedPostings(SqliteConnection connection, string instances, string token)
    {
        if (_postings.TryGetValue(token, out LinkedListNode<(string Token, Bm25Postings Postings)>? node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            Bm25Postings bound = node.Value.Postings.BoundFor(_rows!);
            node.Value = (token, bound);
            return bound;
        }

        if (ReadPostings(connection, instances, token)?.BoundFor(_rows!) is not { } postings)
        {
            return null;
        }

        PostingListsRead++;
        _postings[token] = _recent.AddFirst((token, postings));
        _cachedBytes += postings.Bytes;
        return postings;
    }

    /// <summary>Drops the least recently used lists while the cache holds more than its budget, keeping the <paramref name="keep"/> most recent.</summary>
    private void EvictBeyondBudget(int keep)
    {
        while (_cachedBytes > _maxCachedBytes && _recent.Count > keep)
        {
            (string oldToken, Bm25Postings old) = _recent.Last!.Value;
            _recent.RemoveLast();
            _postings.Remove(oldToken);
            _cachedBytes -= old.Bytes;
        }
    }

    /// <summary>Every row's total token count (FTS5's <c>docsize</c> record: one varint per column).</summary>
    private Bm25Rows ReadRowLengths(SqliteConnection connection)
    {
        var ids = new List<long>();
        var lengths = new List<int>();
        SqliteDatabase.ReadRows(connection, $"SELECT id, sz FROM {SqliteDatabase.Quote(_ftsTable + "_docsize")} ORDER BY id;", null, statement =>
        {
            ids.Add(raw.sqlite3_column_int64(statement, 0));
            lengths.Add(SumVarints(raw.sqlite3_column_blob(statement, 1)));
            return true;
        });
        return new Bm25Rows([.. ids], [.. lengths]);
    }

    /// <summary>The table's columns with the weight <c>bm25()</c> gives an occurrence in each (1 beyond the weights given).</summary>
    private Column[] ReadColumns(SqliteConnection connection, SqliteTransaction? snapshot)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = "SELECT name, cid FROM pragma_table_info($table);";
        command.Parameters.AddWithValue("$table", _ftsTable);
        var columns = new List<Column>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(new Column(Encoding.UTF8.GetBytes(reader.GetString(0)), WeightAt(reader.GetInt32(1))));
        }

        return [.. columns];
    }

    /// <summary>The weight <c>bm25()</c> gives an occurrence in the column at <paramref name="column"/> (its <c>cid</c>).</summary>
    private double WeightAt(int column) => column >= 0 && column < _weights.Length ? _weights[column] : 1.0;

    /// <summary>The weight <c>bm25()</c> gives an occurrence in a column, by its name in UTF-8 (as SQLite hands it over).</summary>
    private double WeightOf(ReadOnlySpan<byte> column)
    {
        foreach (Column known in _columns!)
        {
            if (column.SequenceEqual(known.Utf8Name))
            {
                return known.Weight;
            }
        }

        return 1.0;
    }

    /// <summary>
    /// One token's rows (ordinals into <see cref="Bm25Rows"/>) and their column-weighted frequencies, with no allocation per
    /// instance; <see langword="null"/> when the list has too many distinct frequencies.
    /// </summary>
    private Bm25Postings? ReadPostings(SqliteConnection connection, string instances, string token)
    {
        var postings = new Bm25Postings.Builder();
        long current = long.MinValue;
        int ordinal = -1;
        double frequency = 0.0;
        bool coded = true;
        SqliteDatabase.ReadRows(connection, $"SELECT doc, col FROM temp.{instances} WHERE term = ?1;", token, statement =>
        {
            long doc = raw.sqlite3_column_int64(statement, 0);
            if (doc != current)
            {
                if (ordinal >= 0 && !postings.Add(ordinal, frequency))
                {
                    coded = false;
                    return false;
                }

                ordinal = _rows!.OrdinalOf(doc);
                if (ordinal < 0)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The FTS5 table '{_ftsTable}' lists row {doc} for a token but holds no size for it."));
                }

                current = doc;
                frequency = 0.0;
            }

            frequency += WeightOf(raw.sqlite3_column_blob(statement, 1));
            return true;
        });
        return coded && (ordinal < 0 || postings.Add(ordinal, frequency)) ? postings.Build() : null;
    }

    /// <summary>
    /// The added rows' postings by token, each (slot, column-weighted frequency), summed in the order FTS5 lists them;
    /// <see langword="null"/> when a row has no slot (its size was not read), which only a full read can mend.
    /// </summary>
    private Dictionary<string, List<(int Ordinal, double Frequency)>>? Frequencies(List<(string Token, long RowId, int Column)> postings, Bm25Rows rows)
    {
        var byToken = new Dictionary<string, List<(int Ordinal, double Frequency)>>(StringComparer.Ordinal);
        string? token = null;
        long row = long.MinValue;
        List<(int Ordinal, double Frequency)>? list = null;
        foreach ((string t, long rowId, int column) in postings)
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

            list![^1] = (list[^1].Ordinal, list[^1].Frequency + WeightAt(column));
        }

        return byToken;
    }

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
    private static List<ScoredRow> Score(Bm25Rows rows, Bm25Postings[] lists, int top, out long scored)
    {
        scored = 0;
        double[] scores = ArrayPool<double>.Shared.Rent(Math.Max(rows.Slots, 1));
        var touched = new List<int>();
        try
        {
            Array.Clear(scores, 0, rows.Slots);
            foreach (Bm25Postings list in lists)
            {
                double idf = Idf(rows.LiveRows, list.Rows.Length);
                scored += list.Rows.Length;
                int[] listRows = list.Rows;
                for (int j = 0; j < listRows.Length; j++)
                {
                    int row = listRows[j];
                    if (scores[row] == 0.0)
                    {
                        touched.Add(row);
                    }

                    scores[row] += idf * rows.FrequencyPart(list.Frequency(j), row);
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

    private static int SumVarints(ReadOnlySpan<byte> record)
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

    /// <summary>An FTS5 column: its name in UTF-8 and the weight <c>bm25()</c> gives an occurrence in it.</summary>
    private sealed record Column(byte[] Utf8Name, double Weight);
}
