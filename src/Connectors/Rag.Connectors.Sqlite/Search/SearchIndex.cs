// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Rag.Connectors.Sqlite.Search.Keywords;
using Rag.Connectors.Sqlite.Storage;
using Rag.Connectors.Search;
using SQLitePCL;

namespace Rag.Connectors.Sqlite.Search;

/// <summary>
/// The search engine shared by the VectorData collection and the knowledge store: a table with an <c>_rowid</c>
/// primary key and a vector BLOB column, its in-memory <see cref="VectorIndex"/>, and an optional FTS5 table keyed by the same row id.
/// Callers hold the database gate (reads) or apply changes inside a write batch.
/// </summary>
internal sealed class SearchIndex
{
    private readonly string _table;
    private readonly string? _vectorColumn;
    private readonly string? _ftsTable;
    private readonly string _bm25;
    private readonly Bm25Ranker? _ranker;

    /// <param name="table">The table of the rows.</param>
    /// <param name="vectorColumn">Its vector BLOB column, if any.</param>
    /// <param name="vectors">The in-memory vector index, if any.</param>
    /// <param name="ftsTable">The FTS5 table keyed by the same row id, if any.</param>
    /// <param name="ftsWeights">The <c>bm25()</c> weights of its columns.</param>
    /// <param name="ranker">Ranks unfiltered keyword searches in memory with FTS5's scores; <see langword="null"/> leaves every search to <c>bm25()</c> in SQL.</param>
    public SearchIndex(string table, string? vectorColumn, VectorIndex? vectors, string? ftsTable, IReadOnlyList<double> ftsWeights, Bm25Ranker? ranker = null)
    {
        _ranker = ranker;
        _table = table;
        _vectorColumn = vectorColumn;
        Vectors = vectors;
        _ftsTable = ftsTable;
        _bm25 = ftsTable is null
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"bm25({SqliteDatabase.Quote(ftsTable)}{string.Concat(ftsWeights.Select(w => string.Create(CultureInfo.InvariantCulture, $", {w:R}")))})");
    }

    public VectorIndex? Vectors { get; }

    public bool HasFullText => _ftsTable is not null;

    /// <summary>
    /// Reads every stored vector into memory once. <paramref name="groupOf"/> maps the value of <paramref name="groupColumn"/>
    /// (a text column) to the row's group; consecutive rows of one value are mapped once.
    /// </summary>
    /// <remarks>
    /// Read through SQLite's statement API rather than a data reader: each vector is quantised or copied straight from the
    /// row's bytes, with no per-row allocation (at 100,000 rows this halves the load).
    /// </remarks>
    public void Load(SqliteConnection connection, string? groupColumn, Func<string, int>? groupOf, ILogger logger)
    {
        if (Vectors is null || _vectorColumn is null)
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        Vectors.Clear();
        Vectors.Reserve(Convert.ToInt32(SqliteDatabase.Scalar(connection, $"SELECT count(*) FROM {SqliteDatabase.Quote(_table)};"), CultureInfo.InvariantCulture));
        string vector = SqliteDatabase.Quote(_vectorColumn);
        string sql = $"SELECT _rowid, {vector}{(groupColumn is null ? string.Empty : ", " + groupColumn)} FROM {SqliteDatabase.Quote(_table)} WHERE {vector} IS NOT NULL;";
        VectorIndex vectors = Vectors;
        int vectorBytes = vectors.Dimensions * sizeof(float);
        byte[] lastGroupKey = [];
        int lastGroup = 0;
        SqliteDatabase.ReadRows(connection, sql, null, statement =>
        {
            ReadOnlySpan<byte> bytes = raw.sqlite3_column_blob(statement, 1);
            if (bytes.Length != vectorBytes)
            {
                return true; // A vector of another dimension cannot be searched; the model check prevents this.
            }

            int group = 0;
            if (groupOf is not null)
            {
                ReadOnlySpan<byte> key = raw.sqlite3_column_blob(statement, 2);
                if (!key.SequenceEqual(lastGroupKey))
                {
                    lastGroupKey = key.ToArray();
                    lastGroup = groupOf(Encoding.UTF8.GetString(key));
                }

                group = lastGroup;
            }

            vectors.Set(raw.sqlite3_column_int64(statement, 0), group, MemoryMarshal.Cast<byte, float>(bytes));
            return true;
        });

        Vectors.TrimExcess();
        Log.VectorsLoaded(logger, Vectors.Count, _table, watch.Elapsed);
    }

    /// <summary>
    /// Exact nearest rows. An int8 index scans coarsely, then rescores its best candidates from the stored floats. When a
    /// row left out may still beat the rescored top (its approximate score is within its error margin,
    /// <see cref="VectorIndex.ErrorMarginsOf"/>, of the top's exact cut, as among near-duplicate vectors), every row that may is
    /// rescored too: from the scan's reserve of <see cref="ReserveFactor"/> times the candidates when it holds them all, else
    /// from a second scan, up to <see cref="MaxRescored"/> rows.
    /// </summary>
    public List<ScoredRow> VectorSearch(SqliteConnection connection, float[] preparedQuery, int top, Func<long, int, bool>? filter)
    {
        if (Vectors is null)
        {
            throw new InvalidOperationException("The collection has no vector property to search.");
        }

        if (!Vectors.Quantized || top <= 0)
        {
            return Vectors.Search(preparedQuery, top, filter);
        }

        int rescored = Math.Max(top * RescoreFactor, MinimumRescored);
        List<ScoredRow> scanned = Vectors.Search(preparedQuery, rescored * ReserveFactor, filter);
        List<ScoredRow> exact = Rescore(connection, preparedQuery, scanned.Count > rescored ? scanned.GetRange(0, rescored) : scanned);
        if (scanned.Count <= rescored || exact.Count < top)
        {
            return exact.Count > top ? exact.GetRange(0, top) : exact; // every row that matches was rescored
        }

        VectorIndex.ErrorMargins margins = Vectors.ErrorMarginsOf(preparedQuery);
        if (scanned[rescored - 1].Score + margins.Largest >= exact[top - 1].Score)
        {
            double cut = exact[top - 1].Score;
            bool reserveHoldsAll = scanned.Count < rescored * ReserveFactor || scanned[^1].Score + margins.Largest < cut;
            List<ScoredRow> more = reserveHoldsAll
                ? [.. scanned.Skip(rescored).Where(r => r.Score + margins.Of(r.RowId) >= cut)]
                : Vectors.SearchWithin(preparedQuery, cut, MaxRescored, filter);
            exact = reserveHoldsAll ? [.. exact, .. Rescore(connection, preparedQuery, more)] : Rescore(connection, preparedQuery, more);
            exact.Sort(ScoredRow.BestFirst);
        }

        return exact.Count > top ? exact.GetRange(0, top) : exact;
    }

    /// <summary>How many times <c>top</c> an int8 scan keeps for exact rescoring.</summary>
    public const int RescoreFactor = 4;

    /// <summary>The fewest candidates an int8 scan keeps for exact rescoring.</summary>
    public const int MinimumRescored = 100;

    /// <summary>How many times the rescored candidates an int8 scan keeps in reserve, for rows that may beat their top.</summary>
    public const int ReserveFactor = 4;

    /// <summary>The most candidates a search rescores when more rows may beat its first top (the most promising are kept).</summary>
    public const int MaxRescored = 32_768;

    /// <summary>
    /// The rows with their exact similarity, best first (ties by row id), computed straight from the bytes of the vector
    /// stored in the table (no copy of any vector: a query allocates no garbage per candidate). A row without a stored vector
    /// keeps its score.
    /// </summary>
    private List<ScoredRow> Rescore(SqliteConnection connection, float[] preparedQuery, List<ScoredRow> rows)
    {
        VectorIndex vectors = Vectors!;
        int vectorBytes = vectors.Dimensions * sizeof(float);
        var exact = new Dictionary<long, double>(rows.Count);
        ForEachStoredVector(connection, rows.Select(c => c.RowId), (rowId, bytes) =>
        {
            if (bytes.Length == vectorBytes)
            {
                exact[rowId] = vectors.ExactSimilarity(preparedQuery, MemoryMarshal.Cast<byte, float>(bytes));
            }
        });
        List<ScoredRow> rescored = [.. rows.Select(c => exact.TryGetValue(c.RowId, out double score) ? new ScoredRow(c.RowId, score) : c)];
        rescored.Sort(ScoredRow.BestFirst);
        return rescored;
    }

    /// <summary>BM25 ranking of the rows matching an FTS5 expression (higher is better).</summary>
    public List<ScoredRow> KeywordSearch(SqliteConnection connection, string matchExpression, int top, SqlFilter? filter)
    {
        var results = new List<ScoredRow>();
        if (_ftsTable is null || top <= 0)
        {
            return results;
        }

        if (filter is null && _ranker?.Search(connection, matchExpression, top) is { } ranked)
        {
            return ranked;
        }

        using SqliteCommand command = connection.CreateCommand();
        string fts = SqliteDatabase.Quote(_ftsTable);
        var sql = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"SELECT rowid, {_bm25} FROM {fts} WHERE {fts} MATCH $match");
        if (filter is not null)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND rowid IN (SELECT _rowid FROM {SqliteDatabase.Quote(_table)} WHERE {filter.Sql})");
            foreach (KeyValuePair<string, object?> parameter in filter.Parameters)
            {
                command.Parameters.AddWithValue(parameter.Key, parameter.Value ?? DBNull.Value);
            }
        }

        sql.Append(" ORDER BY 2 LIMIT $top;");
        command.CommandText = sql.ToString();
        command.Parameters.AddWithValue("$match", matchExpression);
        command.Parameters.AddWithValue("$top", top);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            // FTS5's bm25() is negated so that better matches sort first; flip it back.
            results.Add(new ScoredRow(reader.GetInt64(0), -reader.GetDouble(1)));
        }

        return results;
    }

    /// <summary>Vector and keyword candidates fused into one ranking by the SDK's <see cref="HybridFusion"/> (the VectorData collection's hybrid search).</summary>
    public IReadOnlyList<FusedCandidate> HybridSearch(
        SqliteConnection connection, float[] preparedQuery, string? matchExpression, int top, HybridSearchSettings settings, Func<long, int, bool>? vectorFilter, SqlFilter? sqlFilter)
    {
        int candidates = Math.Max(settings.CandidateCount, top);
        ChunkCandidate[] vector = [.. VectorSearch(connection, preparedQuery, candidates, vectorFilter).Select(r => new ChunkCandidate(r.RowId, r.Score))];
        ChunkCandidate[] keyword = matchExpression is null ? [] : [.. KeywordSearch(connection, matchExpression, candidates, sqlFilter).Select(r => new ChunkCandidate(r.RowId, r.Score))];
        return HybridFusion.Fuse(vector, keyword, settings, top);
    }

    /// <summary>The vector similarity of rows to a prepared query: exact, from the stored floats, when the index is int8. Rows without a vector are left out.</summary>
    public Dictionary<long, double> Similarities(SqliteConnection connection, float[] preparedQuery, IEnumerable<long> rowIds)
    {
        VectorIndex vectors = Vectors ?? throw new InvalidOperationException("The collection has no vector property to search.");
        List<ScoredRow> scored = vectors.Scores(rowIds, preparedQuery);
        return (vectors.Quantized && scored.Count > 0 ? Rescore(connection, preparedQuery, scored) : scored).ToDictionary(r => r.RowId, r => r.Score);
    }

    /// <summary>Reads stored (raw) vectors by row id.</summary>
    public Dictionary<long, float[]> ReadVectors(SqliteConnection connection, IEnumerable<long> rowIds)
    {
        var result = new Dictionary<long, float[]>();
        if (_vectorColumn is not null)
        {
            ForEachStoredVector(connection, rowIds, (rowId, bytes) => result[rowId] = VectorCodec.Decode(bytes));
        }

        return result;
    }

    /// <summary>Hands the stored vector of each of the rows that has one to <paramref name="vector"/>, as its bytes in SQLite's memory.</summary>
    private void ForEachStoredVector(SqliteConnection connection, IEnumerable<long> rowIds, Action<long, ReadOnlySpan<byte>> vector)
    {
        string column = SqliteDatabase.Quote(_vectorColumn!);
        SqliteDatabase.ReadRows(
            connection,
            $"SELECT _rowid, {column} FROM {SqliteDatabase.Quote(_table)} WHERE _rowid IN (SELECT value FROM json_each(?1)) AND {column} IS NOT NULL;",
            RowIdsJson(rowIds),
            statement =>
            {
                vector(raw.sqlite3_column_int64(statement, 0), raw.sqlite3_column_blob(statement, 1));
                return true;
            });
    }

    /// <summary>A JSON array of row ids, for <c>json_each</c>.</summary>
    public static string RowIdsJson(IEnumerable<long> rowIds) => "[" + string.Join(',', rowIds.Select(r => r.ToString(CultureInfo.InvariantCulture))) + "]";
}
