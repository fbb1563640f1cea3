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
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using Npgsql;
using Pgvector;
using Rag.Connectors.Postgres.Schema;
using Rag.Connectors.Postgres.Search;
using Rag.Connectors.Postgres.VectorData;
using Rag.Connectors.Search;
using Rag.Connectors.VectorData;

namespace Rag.Connectors.Postgres;

/// <summary>
/// A <see cref="VectorStoreCollection{TKey, TRecord}"/> stored as a PostgreSQL table: pgvector HNSW vector search,
/// BM25 keyword search over a weighted <c>tsvector</c> (GIN), and hybrid search fused as the SQLite store fuses it.
/// </summary>
/// <typeparam name="TKey">The key type: <see cref="string"/>, <see cref="Guid"/> or <see cref="long"/> (<see cref="object"/> for dynamic collections).</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
/// <remarks>
/// Thread-safe, and safe for many processes sharing the database: each upsert or delete batch is one transaction, and
/// every search reads one committed state. Obtain it from <see cref="PostgresVectorStore.GetCollection{TKey, TRecord}"/>.
/// </remarks>
public sealed partial class PostgresCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>, IKeywordHybridSearchable<TRecord>
    where TKey : notnull
    where TRecord : class
{
    private const string RowIdColumn = "_rowid";
    private const string SearchColumn = "_search";
    private const string Labels = "ABCD";

    private readonly PostgresVectorDatabase _database;
    private readonly PostgresVectorStoreOptions _options;
    private readonly CollectionModel _model;
    private readonly VectorPropertyModel? _vector;
    private readonly DataPropertyModel[] _fullText;
    private readonly string _table;
    private readonly string _selectColumns;
    private readonly string _distanceOperator;
    private readonly Bm25Ranking? _keywordRanking;

    internal PostgresCollection(PostgresVectorDatabase database, string name, VectorStoreCollectionDefinition? definition, PostgresVectorStoreOptions options, bool dynamic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!CollectionNameRegex().IsMatch(name) || name.StartsWith("rag_", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{name}' is not a valid collection name: use 1 to 63 letters, digits and '_', starting with a letter; 'rag_*' is reserved.", nameof(name));
        }

        CollectionRules.ValidateKeyType(typeof(TKey), dynamic, "PostgreSQL");

        _database = database;
        _options = options;
        Name = name;
        _table = database.Table(name);
        var builder = new PostgresModelBuilder();
        _model = dynamic
            ? builder.BuildDynamic(definition!, options.EmbeddingGenerator)
            : builder.Build(typeof(TRecord), typeof(TKey), definition, options.EmbeddingGenerator);
        _vector = _model.VectorProperties.FirstOrDefault();
        _fullText = [.. _model.DataProperties.Where(p => p.IsFullTextIndexed)];
        if (_fullText.Length > Labels.Length)
        {
            throw new NotSupportedException($"Collection '{name}' has {_fullText.Length} full-text indexed properties; the PostgreSQL connector weighs at most {Labels.Length} (tsvector labels A to D).");
        }

        _distanceOperator = (_vector?.DistanceFunction ?? DistanceFunction.CosineSimilarity) switch
        {
            DistanceFunction.CosineSimilarity or DistanceFunction.CosineDistance => "<=>",
            DistanceFunction.DotProductSimilarity => "<#>",
            DistanceFunction.EuclideanDistance => "<->",
            string other => throw new NotSupportedException($"Distance function '{other}' is not supported by the PostgreSQL connector; use CosineSimilarity, CosineDistance, DotProductSimilarity or EuclideanDistance."),
        };
        _selectColumns = string.Join(", ", new[] { RowIdColumn }.Concat(_model.KeyProperties.Concat<PropertyModel>(_model.DataProperties).Select(p => SchemaNames.Quote(p.StorageName))));
        _keywordRanking = _fullText.Length == 0 ? null : new Bm25Ranking(
            _table,
            RowIdColumn,
            SearchColumn,
            [.. Labels.Select((_, i) => i < _fullText.Length && _options.FullTextWeights.TryGetValue(_fullText[i].ModelName, out double w) ? w : 1.0)]);
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) => _database.CollectionExistsAsync(Name, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="EmbeddingModelMismatchException">The collection exists with another embedding model or dimension.</exception>
    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        NpgsqlConnection connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
        await SchemaMigrator.ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0));", cancellationToken, ("key", $"rag:vectors:{_database.Schema}:{Name}")).ConfigureAwait(false);
        if (await CheckCatalogAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await SchemaMigrator.ExecuteAsync(connection, CreateTableSql(), cancellationToken).ConfigureAwait(false);
        await SchemaMigrator.ExecuteAsync(
            connection,
            $"INSERT INTO {_database.Catalog} (name, key_type, vector_column, dimensions, distance, model_id, fts_columns) VALUES (@n, @k, @v, @d, @f, @m, @t);",
            cancellationToken,
            ("n", Name),
            ("k", PostgresValues.ColumnType(_model.KeyProperty.Type)),
            ("v", _vector?.StorageName),
            ("d", _vector?.Dimensions ?? 0),
            ("f", _vector?.DistanceFunction ?? DistanceFunction.CosineSimilarity),
            ("m", ModelId()),
            ("t", string.Join(',', _fullText.Select(p => p.StorageName)))).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) => _database.DropCollectionAsync(Name, cancellationToken);

    /// <inheritdoc/>
    public override async Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = new NpgsqlCommand($"SELECT {SelectList(options?.IncludeVectors ?? false)} FROM {_table} WHERE {KeyColumn} = @key;");
        command.Parameters.Add(KeyParameter("key", key));
        List<TRecord> records = await QueryAsync(command, "Get", cancellationToken).ConfigureAwait(false);
        return records.FirstOrDefault();
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        SqlFilter where = PostgresFilterTranslator.Translate(filter, _model);
        var sql = new StringBuilder($"SELECT {SelectList(options.IncludeVectors)} FROM {_table} WHERE {where.Sql}");
        if (options.OrderBy?.Invoke(new()) is { Values.Count: > 0 } order)
        {
            sql.Append(" ORDER BY ").AppendJoin(", ", order.Values.Select(s =>
                SchemaNames.Quote(_model.GetDataOrKeyProperty(s.PropertySelector).StorageName) + (s.Ascending ? " ASC" : " DESC")));
        }

        sql.Append(CultureInfo.InvariantCulture, $" LIMIT {top} OFFSET {Math.Max(0, options.Skip)};");
        var command = new NpgsqlCommand(sql.ToString());
        AddFilterParameters(command.Parameters, where);
        foreach (TRecord record in await QueryAsync(command, "GetFiltered", cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <inheritdoc/>
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default) => DeleteAsync([key], cancellationToken);

    /// <inheritdoc/>
    public override async Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        object[] stored = [.. keys.Select(k => PostgresValues.ToStorage(k))];
        if (stored.Length == 0)
        {
            return;
        }

        var array = Array.CreateInstance(stored[0].GetType(), stored.Length);
        Array.Copy(stored, array, stored.Length);
        await ExecuteAsync("Delete", $"DELETE FROM {_table} WHERE {KeyColumn} = ANY(@keys);", [new NpgsqlParameter("keys", array)], cancellationToken).ConfigureAwait(false);
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
        PropertyModel[] columns = [.. _model.KeyProperties.Concat<PropertyModel>(_model.DataProperties)];
        string sql = UpsertSql(columns);
        NpgsqlConnection connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        try
        {
            NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
            var commands = new NpgsqlBatch(connection, transaction);
            await using (commands.ConfigureAwait(false))
            {
                for (int r = 0; r < batch.Length; r++)
                {
                    var command = new NpgsqlBatchCommand(sql);
                    foreach (PropertyModel column in columns)
                    {
                        command.Parameters.Add(new NpgsqlParameter { DataTypeName = PostgresValues.ColumnType(column.Type), Value = PostgresValues.ToStorage(column.GetValueAsObject(batch[r])) });
                    }

                    if (_vector is not null)
                    {
                        command.Parameters.Add(vectors[r] is { } v ? new NpgsqlParameter { Value = new Vector(v) } : new NpgsqlParameter { DataTypeName = "vector", Value = DBNull.Value });
                    }

                    foreach (DataPropertyModel text in _fullText)
                    {
                        command.Parameters.Add(new NpgsqlParameter { DataTypeName = "text", Value = FullTextValue(text.GetValueAsObject(batch[r])) });
                    }

                    commands.BatchCommands.Add(command);
                }

                await commands.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _keywordRanking?.Statistics.Invalidate();
        }
        catch (PostgresException ex)
        {
            throw _database.Translate(ex, Name, "Upsert");
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ReadOnlyMemory<float> query = await RecordVectors.GetQueryAsync(_vector, Name, searchValue, cancellationToken).ConfigureAwait(false);
        SqlFilter? filter = options.Filter is null ? null : PostgresFilterTranslator.Translate(options.Filter, _model);
        int skip = Math.Max(0, options.Skip);
        var command = new NpgsqlBatchCommand(
            $"SELECT {SelectList(options.IncludeVectors)}, {ReportedScore} FROM {_table} c WHERE {VectorColumn} IS NOT NULL{(filter is null ? string.Empty : $" AND {filter.Sql}")} " +
            $"ORDER BY {VectorColumn} {_distanceOperator} @q LIMIT @k OFFSET @skip;");
        command.Parameters.AddWithValue("q", new Vector(query));
        command.Parameters.AddWithValue("k", top);
        command.Parameters.AddWithValue("skip", skip);
        AddFilterParameters(command.Parameters, filter);
        List<(TRecord Record, double Score)> results = await SearchAsync(command, top + skip, "Search", cancellationToken).ConfigureAwait(false);
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
        if (_keywordRanking is null)
        {
            throw new InvalidOperationException($"Collection '{Name}' has no full-text indexed data property ([VectorStoreData(IsFullTextIndexed = true)]) for hybrid search.");
        }

        options ??= new();
        ReadOnlyMemory<float> query = await RecordVectors.GetQueryAsync(_vector, Name, searchValue, cancellationToken).ConfigureAwait(false);
        SqlFilter? filter = options.Filter is null ? null : PostgresFilterTranslator.Translate(options.Filter, _model);
        string[] terms = [.. keywords.SelectMany(QueryTerms.Split).Distinct(StringComparer.Ordinal)];
        char? label = options.AdditionalProperty is null ? null : Labels[Array.IndexOf(_fullText, _model.GetFullTextDataPropertyOrSingle(options.AdditionalProperty))];
        int candidates = Math.Max(_options.Hybrid.CandidateCount, top + Math.Max(0, options.Skip));
        string condition = filter is null ? string.Empty : $" AND {filter.Sql}";

        IReadOnlyList<FusedCandidate> fused;
        Dictionary<long, TRecord> records;
        NpgsqlConnection connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                NpgsqlTransaction transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
                await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
                (double Count, double AverageLength) statistics = await _keywordRanking.Statistics.GetAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                var batch = new NpgsqlBatch(connection, transaction);
                await using (batch.ConfigureAwait(false))
                {
                    AddSearchSettings(batch, candidates);
                    var vectorCommand = new NpgsqlBatchCommand(
                        $"SELECT {RowIdColumn}, {Similarity} FROM {_table} c WHERE {VectorColumn} IS NOT NULL{condition} ORDER BY {VectorColumn} {_distanceOperator} @q LIMIT @k;");
                    vectorCommand.Parameters.AddWithValue("q", new Vector(query));
                    vectorCommand.Parameters.AddWithValue("k", candidates);
                    AddFilterParameters(vectorCommand.Parameters, filter);
                    batch.BatchCommands.Add(vectorCommand);
                    NpgsqlParameter[] keywordParameters = filter is null ? [] : [.. filter.Parameters.Select(p => new NpgsqlParameter(p.Key, p.Value ?? DBNull.Value))];
                    if (terms.Length > 0)
                    {
                        batch.BatchCommands.Add(_keywordRanking.Command(TextSearchConfiguration, terms, label, statistics, candidates, condition, keywordParameters));
                    }

                    NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false); // past the settings
                    List<ChunkCandidate> vectorList = await ReadScoresAsync(reader, cancellationToken).ConfigureAwait(false);
                    List<ChunkCandidate> keywordList = await reader.NextResultAsync(cancellationToken).ConfigureAwait(false) ? await ReadScoresAsync(reader, cancellationToken).ConfigureAwait(false) : [];
                    fused = HybridFusion.Fuse(vectorList, keywordList, _options.Hybrid, top + Math.Max(0, options.Skip));
                }

                fused = [.. fused.Skip(Math.Max(0, options.Skip))];
                records = await ReadRowsAsync(connection, transaction, [.. fused.Select(r => r.ChunkKey)], options.IncludeVectors, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                throw _database.Translate(ex, Name, "HybridSearch");
            }
        }

        foreach (FusedCandidate row in fused.Where(r => records.ContainsKey(r.ChunkKey) && !(options.ScoreThreshold is double threshold && r.Score < threshold)))
        {
            yield return new VectorSearchResult<TRecord>(records[row.ChunkKey], row.Score);
        }
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata { VectorStoreSystemName = PostgresVectorDatabase.SystemName, VectorStoreName = _database.DatabaseName, CollectionName = Name }
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,62}$")]
    private static partial Regex CollectionNameRegex();

    private static string FullTextValue(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        IEnumerable<string> list => string.Join(' ', list),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static async Task<List<ChunkCandidate>> ReadScoresAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var list = new List<ChunkCandidate>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ChunkCandidate(reader.GetInt64(0), reader.GetDouble(1)));
        }

        return list;
    }

    private static void AddFilterParameters(NpgsqlParameterCollection parameters, SqlFilter? filter)
    {
        foreach (KeyValuePair<string, object?> parameter in filter?.Parameters ?? [])
        {
            parameters.Add(new NpgsqlParameter(parameter.Key, parameter.Value ?? DBNull.Value));
        }
    }

    private string KeyColumn => SchemaNames.Quote(_model.KeyProperty.StorageName);

    private string VectorColumn => "c." + SchemaNames.Quote(_vector?.StorageName ?? throw new InvalidOperationException($"Collection '{Name}' has no vector property to search."));

    private string TextSearchConfiguration => _options.TextSearchConfiguration;

    /// <summary>The similarity fused by hybrid search: higher is better for every distance function.</summary>
    private string Similarity => _distanceOperator switch
    {
        "<=>" => $"1 - ({VectorColumn} <=> @q)",
        _ => $"-({VectorColumn} {_distanceOperator} @q)",
    };

    /// <summary>The score a vector search reports, in the collection's distance function's own terms.</summary>
    private string ReportedScore => _vector?.DistanceFunction switch
    {
        DistanceFunction.CosineDistance => $"{VectorColumn} <=> @q",
        DistanceFunction.EuclideanDistance => $"{VectorColumn} <-> @q",
        _ => Similarity,
    };

    private string SelectList(bool includeVectors) =>
        _vector is null ? _selectColumns : $"{_selectColumns}, {(includeVectors ? SchemaNames.Quote(_vector.StorageName) : "NULL::vector")}";

    private NpgsqlParameter KeyParameter(string name, TKey key) =>
        new(name, PostgresValues.ToStorage(key)) { DataTypeName = PostgresValues.ColumnType(_model.KeyProperty.Type) };

    private string? ModelId() => CollectionRules.ModelId(_options.EmbeddingModelId, _vector);

    private string CreateTableSql()
    {
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE {_table} ({RowIdColumn} bigint GENERATED ALWAYS AS IDENTITY UNIQUE, ");
        sql.Append(CultureInfo.InvariantCulture, $"{KeyColumn} {PostgresValues.ColumnType(_model.KeyProperty.Type)} PRIMARY KEY");
        foreach (DataPropertyModel data in _model.DataProperties)
        {
            sql.Append(CultureInfo.InvariantCulture, $", {SchemaNames.Quote(data.StorageName)} {PostgresValues.ColumnType(data.Type)}");
        }

        if (_vector is not null)
        {
            sql.Append(CultureInfo.InvariantCulture, $", {SchemaNames.Quote(_vector.StorageName)} vector({_vector.Dimensions})");
        }

        if (_fullText.Length > 0)
        {
            sql.Append(CultureInfo.InvariantCulture, $", {SearchColumn} tsvector NOT NULL");
        }

        sql.Append(");");
        foreach (DataPropertyModel data in _model.DataProperties.Where(p => p.IsIndexed))
        {
            string method = PostgresValues.IsStringList(Nullable.GetUnderlyingType(data.Type) ?? data.Type) ? "gin" : "btree";
            sql.Append(CultureInfo.InvariantCulture, $"CREATE INDEX ON {_table} USING {method} ({SchemaNames.Quote(data.StorageName)});");
        }

        if (_vector is not null)
        {
            string operators = _distanceOperator switch { "<#>" => "vector_ip_ops", "<->" => "vector_l2_ops", _ => "vector_cosine_ops" };
            sql.Append(CultureInfo.InvariantCulture, $"CREATE INDEX ON {_table} USING hnsw ({SchemaNames.Quote(_vector.StorageName)} {operators}) WITH (m = {_options.HnswM}, ef_construction = {_options.HnswEfConstruction});");
        }

        if (_fullText.Length > 0)
        {
            sql.Append(CultureInfo.InvariantCulture, $"CREATE INDEX ON {_table} USING gin ({SearchColumn});");
        }

        return sql.ToString();
    }

    /// <summary>One record's <c>INSERT … ON CONFLICT DO UPDATE</c>, with positional parameters: columns, then the vector, then the full-text values.</summary>
    private string UpsertSql(PropertyModel[] columns)
    {
        var names = new List<string>(columns.Select(c => SchemaNames.Quote(c.StorageName)));
        var values = new List<string>(columns.Select((_, i) => "$" + (i + 1).ToString(CultureInfo.InvariantCulture)));
        int next = columns.Length + 1;
        if (_vector is not null)
        {
            names.Add(SchemaNames.Quote(_vector.StorageName));
            values.Add("$" + next++.ToString(CultureInfo.InvariantCulture));
        }

        if (_fullText.Length > 0)
        {
            names.Add(SearchColumn);
            string configuration = "'" + TextSearchConfiguration + "'::regconfig"; // validated as an identifier by the options
            values.Add(string.Join(" || ", _fullText.Select((_, i) =>
                string.Create(CultureInfo.InvariantCulture, $"setweight(to_tsvector({configuration}, ${next + i}), '{Labels[i]}')"))));
        }

        IEnumerable<string> updates = names.Skip(1).Select(n => $"{n} = EXCLUDED.{n}");
        return $"INSERT INTO {_table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", values)}) " +
            $"ON CONFLICT ({KeyColumn}) DO {(names.Count > 1 ? "UPDATE SET " + string.Join(", ", updates) : "NOTHING")};";
    }

    /// <summary>Reads the collection's catalog row; throws when it was created with another model or shape. Returns whether it exists.</summary>
    private async Task<bool> CheckCatalogAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand($"SELECT dimensions, model_id FROM {_database.Catalog} WHERE name = @n;", connection);
        await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
        command.Parameters.AddWithValue("n", Name);
        NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        CollectionRules.ThrowIfModelMismatch(
            (reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(0)),
            (ModelId(), _vector?.Dimensions ?? 0),
            ("Schema", _database.Schema),
            ("Collection", Name));
        return true;
    }

    private void AddSearchSettings(NpgsqlBatch batch, int candidates)
    {
        var settings = new NpgsqlBatchCommand(_database.IterativeScan
            ? "SELECT set_config('hnsw.ef_search', @ef, true), set_config('hnsw.iterative_scan', 'strict_order', true);"
            : "SELECT set_config('hnsw.ef_search', @ef, true);");
        settings.Parameters.AddWithValue("ef", Math.Clamp(Math.Max(_options.HnswEfSearch, candidates), 1, 1000).ToString(CultureInfo.InvariantCulture));
        batch.BatchCommands.Add(settings);
    }

    private async Task ExecuteAsync(string operation, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand(sql, connection);
        await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
        command.Parameters.AddRange(parameters);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _keywordRanking?.Statistics.Invalidate();
        }
        catch (PostgresException ex)
        {
            throw _database.Translate(ex, Name, operation);
        }
    }

    /// <summary>Runs a record query; a collection that does not exist holds no records.</summary>
    private async Task<List<TRecord>> QueryAsync(NpgsqlCommand command, string operation, CancellationToken cancellationToken)
    {
        await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
        NpgsqlConnection connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        command.Connection = connection;
        var records = new List<TRecord>();
        try
        {
            NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(ReadRecord(reader));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return [];
        }
        catch (PostgresException ex)
        {
            throw _database.Translate(ex, Name, operation);
        }

        return records;
    }

    /// <summary>Runs a vector search (after the HNSW settings, in one round trip) and reads each record with its score.</summary>
    private async Task<List<(TRecord Record, double Score)>> SearchAsync(NpgsqlBatchCommand search, int candidates, string operation, CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        var batch = new NpgsqlBatch(connection);
        await using ConfiguredAsyncDisposable batchScope = batch.ConfigureAwait(false);
        AddSearchSettings(batch, candidates);
        batch.BatchCommands.Add(search);
        var results = new List<(TRecord, double)>();
        try
        {
            NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false); // past the settings
            int scoreOrdinal = reader.FieldCount - 1;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                results.Add((ReadRecord(reader), reader.GetDouble(scoreOrdinal)));
            }
        }
        catch (PostgresException ex)
        {
            throw _database.Translate(ex, Name, operation);
        }

        return results;
    }

    private async Task<Dictionary<long, TRecord>> ReadRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] rowIds, bool includeVectors, CancellationToken cancellationToken)
    {
        var records = new Dictionary<long, TRecord>(rowIds.Length);
        if (rowIds.Length == 0)
        {
            return records;
        }

        var command = new NpgsqlCommand($"SELECT {SelectList(includeVectors)} FROM {_table} WHERE {RowIdColumn} = ANY(@ids);", connection, transaction);
        await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
        command.Parameters.AddWithValue("ids", rowIds);
        NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records[reader.GetInt64(0)] = ReadRecord(reader);
        }

        return records;
    }

    /// <summary>Reads a row selected by <see cref="SelectList"/>: the row id, the key and data columns, then the vector (NULL unless asked for).</summary>
    private TRecord ReadRecord(NpgsqlDataReader reader)
    {
        TRecord record = _model.CreateRecord<TRecord>()!;
        int ordinal = 1;
        foreach (PropertyModel property in _model.KeyProperties.Concat<PropertyModel>(_model.DataProperties))
        {
            property.SetValueAsObject(record, PostgresValues.FromStorage(reader.GetValue(ordinal++), property.Type));
        }

        if (_vector is not null && !reader.IsDBNull(ordinal))
        {
            RecordVectors.Set(_vector, record, reader.GetFieldValue<Vector>(ordinal).ToArray());
        }

        return record;
    }
}
