// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using Rag.Connectors.Sqlite.Search;
using Rag.Connectors.Sqlite.Storage;
using Rag.Connectors.Sqlite.VectorData;
using Rag.Connectors.Search;
using Rag.Connectors.VectorData;

namespace Rag.Connectors.Sqlite;

/// <summary>
/// A <see cref="VectorStoreCollection{TKey, TRecord}"/> stored as a SQLite table: exact vector search over an in-memory copy of the
/// vectors (loaded once, kept in step with every write), FTS5 BM25 keyword search, and hybrid search with configurable fusion.
/// </summary>
/// <typeparam name="TKey">The key type: <see cref="string"/>, <see cref="Guid"/> or <see cref="long"/> (<see cref="object"/> for dynamic collections).</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
/// <remarks>Thread-safe. Obtain it from <see cref="SqliteVectorStore.GetCollection{TKey, TRecord}"/>.</remarks>
public sealed partial class SqliteCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>, IKeywordHybridSearchable<TRecord>
    where TKey : notnull
    where TRecord : class
{
    private readonly SqliteDatabase _database;
    private readonly SqliteVectorStoreOptions _options;
    private readonly ILogger _logger;
    private readonly CollectionModel _model;
    private readonly VectorPropertyModel? _vector;
    private readonly DataPropertyModel[] _fullText;
    private readonly string _table;
    private readonly string _ftsTable;
    private readonly string _selectColumns;
    private readonly VectorMetric _metric;
    private readonly object _loadLock = new();
    private SearchIndex? _index;

    internal SqliteCollection(SqliteDatabase database, string name, VectorStoreCollectionDefinition? definition, SqliteVectorStoreOptions options, ILogger logger, bool dynamic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!CollectionNameRegex().IsMatch(name) || name.StartsWith("rag_", StringComparison.OrdinalIgnoreCase) || name is "documents" or "chunks")
        {
            throw new ArgumentException($"'{name}' is not a valid collection name: use letters, digits and '_', starting with a letter; 'rag_*', 'documents' and 'chunks' are reserved.", nameof(name));
        }

        CollectionRules.ValidateKeyType(typeof(TKey), dynamic, "SQLite");

        _database = database;
        _options = options;
        _logger = logger;
        Name = name;
        _table = name;
        _ftsTable = name + "_fts";
        var builder = new SqliteModelBuilder();
        _model = dynamic
            ? builder.BuildDynamic(definition!, options.EmbeddingGenerator)
            : builder.Build(typeof(TRecord), typeof(TKey), definition, options.EmbeddingGenerator);
        _vector = _model.VectorProperties.FirstOrDefault();
        _fullText = [.. _model.DataProperties.Where(p => p.IsFullTextIndexed)];
        _metric = (_vector?.DistanceFunction ?? DistanceFunction.CosineSimilarity) switch
        {
            DistanceFunction.CosineSimilarity or DistanceFunction.CosineDistance => VectorMetric.Cosine,
            DistanceFunction.DotProductSimilarity => VectorMetric.DotProduct,
            DistanceFunction.EuclideanDistance => VectorMetric.Euclidean,
            string other => throw new NotSupportedException($"Distance function '{other}' is not supported by the SQLite connector; use CosineSimilarity, CosineDistance, DotProductSimilarity or EuclideanDistance."),
        };
        _selectColumns = string.Join(", ", new[] { "_rowid" }.Concat(_model.KeyProperties.Concat<PropertyModel>(_model.DataProperties).Concat(_model.VectorProperties).Select(p => SqliteDatabase.Quote(p.StorageName))));
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_database.Read("CollectionExists", connection =>
            SqliteDatabase.Scalar(connection, "SELECT 1 FROM rag_collections WHERE name = $n;", null, ("$n", Name)) is not null));
    }

    /// <inheritdoc/>
    /// <exception cref="EmbeddingModelMismatchException">The collection exists with another embedding model or dimension.</exception>
    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _database.WriteAsync("EnsureCollectionExists", (connection, transaction) =>
        {
            if (CheckCatalog(connection, transaction))
            {
                return null;
            }

            var sql = new StringBuilder();
            sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE IF NOT EXISTS {SqliteDatabase.Quote(_table)} (_rowid INTEGER PRIMARY KEY, ");
            KeyPropertyModel key = _model.KeyProperty;
            sql.Append(CultureInfo.InvariantCulture, $"{SqliteDatabase.Quote(key.StorageName)} {KeyColumnType()} NOT NULL UNIQUE");
            foreach (DataPropertyModel data in _model.DataProperties)
            {
                sql.Append(CultureInfo.InvariantCulture, $", {SqliteDatabase.Quote(data.StorageName)} {SqliteValues.ColumnType(data.Type)}");
            }

            foreach (VectorPropertyModel vector in _model.VectorProperties)
            {
                sql.Append(CultureInfo.InvariantCulture, $", {SqliteDatabase.Quote(vector.StorageName)} BLOB");
            }

            sql.Append(");");
            foreach (DataPropertyModel data in _model.DataProperties.Where(p => p.IsIndexed))
            {
                sql.Append(CultureInfo.InvariantCulture, $"CREATE INDEX IF NOT EXISTS {SqliteDatabase.Quote(_table + "_" + data.StorageName)} ON {SqliteDatabase.Quote(_table)} ({SqliteDatabase.Quote(data.StorageName)});");
            }

            if (_fullText.Length > 0)
            {
                string tokenizer = _options.FullTextTokenizer.Replace("'", "''", StringComparison.Ordinal);
                sql.Append(CultureInfo.InvariantCulture, $"CREATE VIRTUAL TABLE IF NOT EXISTS {SqliteDatabase.Quote(_ftsTable)} USING fts5 ({string.Join(", ", _fullText.Select(p => SqliteDatabase.Quote(p.StorageName)))}, tokenize = '{tokenizer}');");
            }

            SqliteDatabase.Execute(connection, sql.ToString(), transaction);
            SqliteDatabase.Execute(
                connection,
                "INSERT INTO rag_collections (name, key_type, vector_column, dimensions, distance, model_id, fts_columns) VALUES ($n, $k, $v, $d, $f, $m, $t);",
                transaction,
                ("$n", Name),
                ("$k", KeyColumnType()),
                ("$v", _vector?.StorageName),
                ("$d", _vector?.Dimensions ?? 0),
                ("$f", _vector?.DistanceFunction ?? DistanceFunction.CosineSimilarity),
                ("$m", ModelId()),
                ("$t", string.Join(',', _fullText.Select(p => p.StorageName))));
            return null;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) =>
        DeleteTablesAsync(_database, Name, cancellationToken, () => _index?.Vectors?.Clear());

    /// <inheritdoc/>
    public override Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        bool includeVectors = options?.IncludeVectors ?? false;
        List<TRecord> records = Query(
            "Get",
            $"{SqliteDatabase.Quote(_model.KeyProperty.StorageName)} = $key",
            [new("$key", SqliteValues.ToStorage(key))],
            suffix: string.Empty,
            includeVectors);
        return Task.FromResult(records.FirstOrDefault());
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        cancellationToken.ThrowIfCancellationRequested();
        options ??= new();
        SqlFilter where = SqliteFilterTranslator.Translate(filter, _model);
        var suffix = new StringBuilder();
        if (options.OrderBy is not null)
        {
            var order = options.OrderBy(new());
            if (order.Values.Count > 0)
            {
                suffix.Append(" ORDER BY ").AppendJoin(", ", order.Values.Select(s =>
                    SqliteDatabase.Quote(_model.GetDataOrKeyProperty(s.PropertySelector).StorageName) + (s.Ascending ? " ASC" : " DESC")));
            }
        }

        suffix.Append(CultureInfo.InvariantCulture, $" LIMIT {top} OFFSET {Math.Max(0, options.Skip)}");
        foreach (TRecord record in Query("GetFiltered", where.Sql, where.Parameters, suffix.ToString(), options.IncludeVectors))
        {
            yield return record;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default) => DeleteAsync([key], cancellationToken);

    /// <inheritdoc/>
    public override async Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        object[] stored = [.. keys.Select(k => SqliteValues.ToStorage(k))];
        if (stored.Length == 0)
        {
            return;
        }

        EnsureLoaded();
        await _database.WriteAsync("Delete", (connection, transaction) =>
        {
            var removed = new List<long>();
            using SqliteCommand command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM {SqliteDatabase.Quote(_table)} WHERE {SqliteDatabase.Quote(_model.KeyProperty.StorageName)} = $key RETURNING _rowid;";
            SqliteParameter keyParameter = command.Parameters.Add(new SqliteParameter { ParameterName = "$key" });
            using SqliteCommand fts = connection.CreateCommand();
            fts.Transaction = transaction;
            fts.CommandText = _fullText.Length > 0 ? $"DELETE FROM {SqliteDatabase.Quote(_ftsTable)} WHERE rowid = $rowid;" : "SELECT $rowid;";
            SqliteParameter ftsRow = fts.Parameters.Add(new SqliteParameter { ParameterName = "$rowid" });
            foreach (object key in stored)
            {
                keyParameter.Value = key;
                if (command.ExecuteScalar() is long rowId)
                {
                    removed.Add(rowId);
                    ftsRow.Value = rowId;
                    fts.ExecuteNonQuery();
                }
            }

            return () => removed.ForEach(r => _index?.Vectors?.Remove(r));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return UpsertAsync([record], cancellationToken);
    }

    /// <inheritdoc/>
    public override async Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        TRecord[] batch = [.. records];
        if (batch.Length == 0)
        {
            return;
        }

        ReadOnlyMemory<float>?[] vectors = await RecordVectors.GetAsync(_vector, batch, cancellationToken).ConfigureAwait(false);
        EnsureLoaded();
        await _database.WriteAsync("Upsert", (connection, transaction) =>
        {
            var columns = _model.KeyProperties.Concat<PropertyModel>(_model.DataProperties).Concat(_model.VectorProperties).ToArray();
            string keyColumn = SqliteDatabase.Quote(_model.KeyProperty.StorageName);
            using SqliteCommand upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText =
                $"INSERT INTO {SqliteDatabase.Quote(_table)} ({string.Join(", ", columns.Select(c => SqliteDatabase.Quote(c.StorageName)))}) " +
                $"VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))}) " +
                $"ON CONFLICT({keyColumn}) DO UPDATE SET {string.Join(", ", columns.Skip(1).Select(c => $"{SqliteDatabase.Quote(c.StorageName)} = excluded.{SqliteDatabase.Quote(c.StorageName)}").DefaultIfEmpty($"{keyColumn} = excluded.{keyColumn}"))} " +
                "RETURNING _rowid;";
            SqliteParameter[] parameters = [.. columns.Select((_, i) => upsert.Parameters.Add(new SqliteParameter { ParameterName = "$p" + i.ToString(CultureInfo.InvariantCulture) }))];
            using SqliteCommand ftsDelete = connection.CreateCommand();
            using SqliteCommand ftsInsert = connection.CreateCommand();
            ftsDelete.Transaction = transaction;
            ftsInsert.Transaction = transaction;
            ftsDelete.CommandText = $"DELETE FROM {SqliteDatabase.Quote(_ftsTable)} WHERE rowid = $rowid;";
            ftsInsert.CommandText = $"INSERT INTO {SqliteDatabase.Quote(_ftsTable)} (rowid, {string.Join(", ", _fullText.Select(p => SqliteDatabase.Quote(p.StorageName)))}) VALUES ($rowid{string.Concat(_fullText.Select((_, i) => ", $t" + i.ToString(CultureInfo.InvariantCulture)))});";
            SqliteParameter deleteRow = ftsDelete.Parameters.Add(new SqliteParameter { ParameterName = "$rowid" });
            SqliteParameter insertRow = ftsInsert.Parameters.Add(new SqliteParameter { ParameterName = "$rowid" });
            SqliteParameter[] ftsValues = [.. _fullText.Select((_, i) => ftsInsert.Parameters.Add(new SqliteParameter { ParameterName = "$t" + i.ToString(CultureInfo.InvariantCulture) }))];
            var added = new List<(long RowId, ReadOnlyMemory<float>? Vector)>(batch.Length);
            for (int r = 0; r < batch.Length; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TRecord record = batch[r];
                for (int c = 0; c < columns.Length; c++)
                {
                    parameters[c].Value = columns[c] is VectorPropertyModel
                        ? vectors[r] is { } v ? VectorCodec.Encode(v.Span) : DBNull.Value
                        : SqliteValues.ToStorage(columns[c].GetValueAsObject(record));
                }

                long rowId = (long)upsert.ExecuteScalar()!;
                if (_fullText.Length > 0)
                {
                    deleteRow.Value = rowId;
                    ftsDelete.ExecuteNonQuery();
                    insertRow.Value = rowId;
                    for (int t = 0; t < _fullText.Length; t++)
                    {
                        ftsValues[t].Value = _fullText[t].GetValueAsObject(record) is { } text ? FullTextValue(text) : DBNull.Value;
                    }

                    ftsInsert.ExecuteNonQuery();
                }

                added.Add((rowId, vectors[r]));
            }

            return () =>
            {
                VectorIndex? index = _index?.Vectors;
                if (index is null)
                {
                    return;
                }

                foreach ((long rowId, ReadOnlyMemory<float>? vector) in added)
                {
                    if (vector is { } v)
                    {
                        index.Set(rowId, 0, v.Span);
                    }
                    else
                    {
                        index.Remove(rowId);
                    }
                }
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ReadOnlyMemory<float> query = await RecordVectors.GetQueryAsync(_vector, Name, searchValue, cancellationToken).ConfigureAwait(false);
        SqlFilter? filter = options.Filter is null ? null : SqliteFilterTranslator.Translate(options.Filter, _model);
        EnsureLoaded();
        List<(TRecord Record, double Score)> results = _database.Read("Search", connection =>
        {
            SearchIndex index = _index!;
            float[] prepared = index.Vectors!.PrepareQuery(query.Span);
            Func<long, int, bool>? predicate = RowFilter(connection, filter);
            List<ScoredRow> rows = index.VectorSearch(connection, prepared, top + Math.Max(0, options.Skip), predicate);
            return Materialize(connection, rows.Skip(options.Skip).Select(r => (r.RowId, ReportedScore(r.Score))), options.IncludeVectors);
        });
        foreach ((TRecord record, double score) in results)
        {
            if (options.ScoreThreshold is double threshold && !CollectionRules.PassesThreshold(_vector?.DistanceFunction, score, threshold))
            {
                continue;
            }

            yield return new VectorSearchResult<TRecord>(record, score);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<VectorSearchResult<TRecord>> HybridSearchAsync<TInput>(
        TInput searchValue, ICollection<string> keywords, int top, HybridSearchOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TInput : notnull
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        if (_fullText.Length == 0)
        {
            throw new InvalidOperationException($"Collection '{Name}' has no full-text indexed data property ([VectorStoreData(IsFullTextIndexed = true)]) for hybrid search.");
        }

        options ??= new();
        ReadOnlyMemory<float> query = await RecordVectors.GetQueryAsync(_vector, Name, searchValue, cancellationToken).ConfigureAwait(false);
        SqlFilter? filter = options.Filter is null ? null : SqliteFilterTranslator.Translate(options.Filter, _model);
        string? match = FullTextQuery.Build(keywords.SelectMany(QueryTerms.Split));
        if (match is not null && options.AdditionalProperty is not null)
        {
            DataPropertyModel column = _model.GetFullTextDataPropertyOrSingle(options.AdditionalProperty);
            match = $"{SqliteDatabase.Quote(column.StorageName)} : ({match})";
        }

        EnsureLoaded();
        List<(TRecord Record, double Score)> results = _database.Read("HybridSearch", connection =>
        {
            SearchIndex index = _index!;
            float[] prepared = index.Vectors!.PrepareQuery(query.Span);
            Func<long, int, bool>? predicate = RowFilter(connection, filter);
            IReadOnlyList<FusedCandidate> rows = index.HybridSearch(connection, prepared, match, top + Math.Max(0, options.Skip), _options.Hybrid, predicate, filter);
            return Materialize(connection, rows.Skip(options.Skip).Select(r => (r.ChunkKey, r.Score)), options.IncludeVectors);
        });
        foreach ((TRecord record, double score) in results)
        {
            if (options.ScoreThreshold is double threshold && score < threshold)
            {
                continue;
            }

            yield return new VectorSearchResult<TRecord>(record, score);
        }
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata { VectorStoreSystemName = SqliteDatabase.SystemName, VectorStoreName = _database.Path, CollectionName = Name }
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    internal static Task DeleteTablesAsync(SqliteDatabase database, string name, CancellationToken cancellationToken, Action? apply = null) =>
        database.WriteAsync("EnsureCollectionDeleted", (connection, transaction) =>
        {
            SqliteDatabase.Execute(connection, $"DROP TABLE IF EXISTS {SqliteDatabase.Quote(name + "_fts")}; DROP TABLE IF EXISTS {SqliteDatabase.Quote(name)};", transaction);
            SqliteDatabase.Execute(connection, "DELETE FROM rag_collections WHERE name = $n;", transaction, ("$n", name));
            return apply;
        }, cancellationToken);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex CollectionNameRegex();

    private static string FullTextValue(object value) => value is not string && value is IEnumerable<string> list ? string.Join(' ', list) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    private string KeyColumnType() => _model.KeyProperty.Type == typeof(long) || _model.KeyProperty.Type == typeof(int) ? "INTEGER" : "TEXT";

    private string? ModelId() => CollectionRules.ModelId(_options.EmbeddingModelId, _vector);

    /// <summary>Reads the collection's catalog row; throws when it was created with another model or shape. Returns whether it exists.</summary>
    private bool CheckCatalog(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT dimensions, model_id, distance FROM rag_collections WHERE name = $n;";
        command.Parameters.AddWithValue("$n", Name);
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return false;
        }

        CollectionRules.ThrowIfModelMismatch(
            (reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(0)),
            (ModelId(), _vector?.Dimensions ?? 0),
            ("DatabasePath", _database.Path),
            ("Collection", Name));
        return true;
    }

    private void EnsureLoaded()
    {
        if (_index is not null)
        {
            return;
        }

        lock (_loadLock)
        {
            if (_index is not null)
            {
                return;
            }

            _database.EnsureOpen();
            SearchIndex? index = null;
            _database.Exclusive(() =>
            {
                using SqliteConnection connection = _database.OpenConnection();
                try
                {
                    if (!CheckCatalog(connection, null))
                    {
                        throw new VectorStoreException($"Collection '{Name}' does not exist in the SQLite database '{_database.Path}'; call EnsureCollectionExistsAsync first.")
                        {
                            VectorStoreSystemName = SqliteDatabase.SystemName,
                            VectorStoreName = _database.Path,
                            CollectionName = Name,
                        };
                    }

                    index = new SearchIndex(
                        _table,
                        _vector?.StorageName,
                        _vector is null ? null : new VectorIndex(_vector.Dimensions, _metric, _options.QuantizeVectors),
                        _fullText.Length > 0 ? _ftsTable : null,
                        [.. _fullText.Select(p => _options.FullTextWeights.TryGetValue(p.ModelName, out double w) ? w : 1.0)]);
                    index.Load(connection, null, null, _logger);
                }
                catch (SqliteException ex)
                {
                    throw _database.Translate(ex, "Load");
                }
            });
            _index = index;
        }
    }

    private Func<long, int, bool>? RowFilter(SqliteConnection connection, SqlFilter? filter)
    {
        if (filter is null)
        {
            return null;
        }

        var allowed = new HashSet<long>();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT _rowid FROM {SqliteDatabase.Quote(_table)} WHERE {filter.Sql};";
        foreach (KeyValuePair<string, object?> parameter in filter.Parameters)
        {
            command.Parameters.AddWithValue(parameter.Key, parameter.Value ?? DBNull.Value);
        }

        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            allowed.Add(reader.GetInt64(0));
        }

        return (rowId, _) => allowed.Contains(rowId);
    }

    private double ReportedScore(double similarity) => _vector?.DistanceFunction switch
    {
        DistanceFunction.CosineDistance => 1 - similarity,
        DistanceFunction.EuclideanDistance => -similarity,
        _ => similarity,
    };

    private List<TRecord> Query(string operation, string where, IReadOnlyList<KeyValuePair<string, object?>> parameters, string suffix, bool includeVectors)
    {
        _database.EnsureOpen();
        return _database.Read(operation, connection =>
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT {_selectColumns} FROM {SqliteDatabase.Quote(_table)} WHERE {where}{suffix};";
            foreach (KeyValuePair<string, object?> parameter in parameters)
            {
                command.Parameters.AddWithValue(parameter.Key, parameter.Value ?? DBNull.Value);
            }

            var records = new List<TRecord>();
            try
            {
                using SqliteDataReader reader = command.ExecuteReader();
                while (reader.Read())
                {
                    records.Add(ReadRecord(reader, includeVectors));
                }
            }
            catch (SqliteException ex) when ((ex.SqliteErrorCode & 0xFF) == 1 && ex.Message.Contains("no such table", StringComparison.Ordinal))
            {
                // A collection that does not exist holds no records.
            }

            return records;
        });
    }

    private List<(TRecord Record, double Score)> Materialize(SqliteConnection connection, IEnumerable<(long RowId, double Score)> rows, bool includeVectors)
    {
        (long RowId, double Score)[] ordered = [.. rows];
        var byRow = new Dictionary<long, TRecord>(ordered.Length);
        if (ordered.Length > 0)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT {_selectColumns} FROM {SqliteDatabase.Quote(_table)} WHERE _rowid IN (SELECT value FROM json_each($ids));";
            command.Parameters.AddWithValue("$ids", SearchIndex.RowIdsJson(ordered.Select(r => r.RowId)));
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                byRow[reader.GetInt64(0)] = ReadRecord(reader, includeVectors);
            }
        }

        return [.. ordered.Where(r => byRow.ContainsKey(r.RowId)).Select(r => (byRow[r.RowId], r.Score))];
    }

    private TRecord ReadRecord(SqliteDataReader reader, bool includeVectors)
    {
        TRecord record = _model.CreateRecord<TRecord>()!;
        int ordinal = 1;
        foreach (PropertyModel property in _model.KeyProperties.Concat<PropertyModel>(_model.DataProperties))
        {
            property.SetValueAsObject(record, SqliteValues.FromStorage(reader.GetValue(ordinal++), property.Type));
        }

        foreach (VectorPropertyModel vector in _model.VectorProperties)
        {
            if (includeVectors && !reader.IsDBNull(ordinal) && RecordVectors.IsFloatVector(vector.Type))
            {
                RecordVectors.Set(vector, record, VectorCodec.Decode((byte[])reader.GetValue(ordinal)));
            }

            ordinal++;
        }

        return record;
    }
}
