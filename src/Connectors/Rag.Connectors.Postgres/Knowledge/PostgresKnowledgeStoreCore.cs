// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Data;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Pgvector;
using Rag.Connectors.Postgres.Schema;
using Rag.Connectors.Postgres.Search;
using Rag.Connectors.Postgres.Storage;
using Rag.Connectors.Store;

namespace Rag.Connectors.Postgres;

/// <summary>
/// The knowledge store in one PostgreSQL schema: a <c>documents</c> catalog and a <c>chunks</c> table with a pgvector
/// column (HNSW, cosine) and a generated, weighted <c>tsvector</c> column (GIN).
/// </summary>
/// <remarks>
/// Every write is one transaction. Writers of one document serialise on a transaction-scoped advisory lock keyed by
/// the schema and document id; all writers take a shared lock on the store that <see cref="ResetAsync"/> takes exclusively.
/// Readers never lock: MVCC shows each step of a search (the vector list, the keyword list, the ranked chunks) a committed
/// state, and a chunk replaced between the steps is left out of the results, never shown half-replaced.
/// </remarks>
internal sealed partial class PostgresKnowledgeStoreCore : KnowledgeStore
{
    private const string ChunkColumns = "c.id, c.document_id, c.idx, c.text, c.path, c.title, c.heading_path, c.page, c.start_line, c.end_line, c.start_offset, c.end_offset, c.content_hash, c.file_type, c.tags, c.ocr_confidence";
    private const string InsertColumns = "document_id, idx, text, path, title, heading_path, headings, page, start_line, end_line, start_offset, end_offset, content_hash, file_type, tags, embedding, ocr_confidence, language, search";
    private const int InsertParameterCount = 18; // every column but search, which is computed from the text, title, headings and language parameters
    private const string ModelIdKey = "embedding_model";
    private const string DimensionsKey = "embedding_dimensions";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgresStoreOptions _options;
    private readonly ILogger _logger;
    private readonly SchemaNames _names;
    private readonly string _storeLockKey;
    private readonly Bm25Ranking _keywordRanking;
    private readonly SemaphoreSlim _openLock = new(1, 1);
    private volatile bool _opened;
    private volatile EmbeddingModelInfo? _model;
    private string _textSearchConfiguration = "english";
    private bool _iterativeScan;

    public PostgresKnowledgeStoreCore(NpgsqlDataSource dataSource, bool ownsDataSource, PostgresStoreOptions options, ILogger logger)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _options = options;
        _logger = logger;
        _names = new SchemaNames(options.Schema);
        _storeLockKey = "rag:" + options.Schema + ":store";

        // BM25 label weights A (title), B (headings), C (text); D is unused.
        _keywordRanking = new Bm25Ranking(_names.Chunks, "id", "search", [options.TitleWeight, options.HeadingWeight, options.TextWeight, 0], _names.KeywordLanguages);
    }

    public override async Task InitializeAsync(EmbeddingModelInfo model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(model.Dimensions, 1, nameof(model));
        NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
        await LockAsync(connection, "pg_advisory_xact_lock", _storeLockKey, cancellationToken).ConfigureAwait(false);
        EmbeddingModelInfo? stored = await ReadModelAsync(connection, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            _model = stored;
            if (stored != model)
            {
                var mismatch = new EmbeddingModelMismatchException(stored, model);
                mismatch.Data["Schema"] = _options.Schema;
                throw mismatch;
            }

            return;
        }

        await BindModelAsync(connection, model, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _model = model;
        Log.ModelBound(_logger, _options.Schema, model.ModelId, model.Dimensions);
    }

    public override async Task ResetAsync(EmbeddingModelInfo model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(model.Dimensions, 1, nameof(model));
        NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
        await LockAsync(connection, "pg_advisory_xact_lock", _storeLockKey, cancellationToken).ConfigureAwait(false);
        await SchemaMigrator.ExecuteAsync(connection, $"TRUNCATE {_names.Chunks}, {_names.Documents}, {_names.KeywordLanguages};", cancellationToken).ConfigureAwait(false);
        await BindModelAsync(connection, model, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _keywordRanking.Statistics.Invalidate();
        _model = model;
        Log.ModelBound(_logger, _options.Schema, model.ModelId, model.Dimensions);
    }

    public override async Task<EmbeddingModelInfo?> GetEmbeddingModelAsync(CancellationToken cancellationToken = default)
    {
        NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        EmbeddingModelInfo? model = await ReadModelAsync(connection, cancellationToken).ConfigureAwait(false);
        _model = model;
        return model;
    }

    public override async Task<IReadOnlyList<DocumentRecord>> GetDocumentsAsync(CancellationToken cancellationToken = default)
    {
        NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand(
            $"""
            SELECT id, path, title, file_type, size, last_modified_ticks, last_modified_offset_minutes, content_hash, status, error,
                   chunk_count, indexed_at_ticks, indexed_at_offset_minutes, tags
            FROM {_names.Documents} ORDER BY path COLLATE "C", id COLLATE "C";
            """,
            connection);
        await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
        NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        var records = new List<DocumentRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new DocumentRecord
            {
                Id = reader.GetString(0),
                Path = reader.GetString(1),
                Title = reader.IsDBNull(2) ? null : reader.GetString(2),
                FileType = reader.GetString(3),
                Size = reader.GetInt64(4),
                LastModified = FromTicks(reader.GetInt64(5), reader.GetInt32(6)),
                ContentHash = reader.GetString(7),
                Status = (DocumentStatus)reader.GetInt16(8),
                Error = reader.IsDBNull(9) ? null : reader.GetString(9),
                ChunkCount = reader.GetInt32(10),
                IndexedAt = FromTicks(reader.GetInt64(11), reader.GetInt32(12)),
                Tags = reader.GetFieldValue<string[]>(13),
            });
        }

        return records;
    }

    public override async Task UpsertDocumentAsync(DocumentRecord document, IReadOnlyList<DocumentChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(chunks);
        cancellationToken.ThrowIfCancellationRequested();
        var watch = Stopwatch.StartNew();
        NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        ChunkRules.Require(document, chunks, _model, _options.Schema);
        string[] configurations = ChunkConfigurations.Choose(_options.KeywordLanguage, _textSearchConfiguration, chunks);
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch.ConfigureAwait(false))
        {
            AddLock(batch, "pg_advisory_xact_lock_shared", _storeLockKey);
            AddLock(batch, "pg_advisory_xact_lock", DocumentLockKey(document.Id));
            AddCommand(batch, $"DELETE FROM {_names.Chunks} WHERE document_id = @id;", ("id", document.Id));
            AddDocumentUpsert(batch, document, chunks.Count);
            AddCommand(
                batch,
                $"INSERT INTO {_names.KeywordLanguages} (name) SELECT DISTINCT unnest(@names) ON CONFLICT DO NOTHING;",
                ("names", configurations.Distinct(StringComparer.Ordinal).ToArray()));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await InsertChunksAsync(connection, transaction, document.Id, chunks, configurations, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _keywordRanking.Statistics.Invalidate();
        Log.DocumentReplaced(_logger, document.Id, _options.Schema, chunks.Count, watch.Elapsed);
    }

    public override async Task RenameDocumentAsync(string documentId, DocumentRecord renamed, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        ArgumentNullException.ThrowIfNull(renamed);
        NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
        await LockAsync(connection, "pg_advisory_xact_lock_shared", _storeLockKey, cancellationToken).ConfigureAwait(false);

        // Both identities are locked, always in ordinal order, so two renames in opposite directions cannot deadlock.
        foreach (string id in new[] { documentId, renamed.Id }.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            await LockAsync(connection, "pg_advisory_xact_lock", DocumentLockKey(id), cancellationToken).ConfigureAwait(false);
        }

        object? count = await SchemaMigrator.ScalarAsync(connection, $"SELECT chunk_count FROM {_names.Documents} WHERE id = @id;", cancellationToken, ("id", documentId)).ConfigureAwait(false);
        if (count is null)
        {
            return;
        }

        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch.ConfigureAwait(false))
        {
            if (!string.Equals(documentId, renamed.Id, StringComparison.Ordinal))
            {
                AddCommand(batch, $"DELETE FROM {_names.Chunks} WHERE document_id = @id;", ("id", renamed.Id));
                AddCommand(batch, $"DELETE FROM {_names.Documents} WHERE id = @id;", ("id", renamed.Id));
            }

            AddCommand(batch, $"DELETE FROM {_names.Documents} WHERE id = @id;", ("id", documentId));
            AddDocumentUpsert(batch, renamed, (int)count);
            AddCommand(
                batch,
                $"UPDATE {_names.Chunks} SET document_id = @new, path = @path, title = @title, file_type = @type, tags = @tags, search = {SearchVector.Sql("language::regconfig", "@title", "headings", "text")} WHERE document_id = @old;",
                ("old", documentId),
                ("new", renamed.Id),
                ("path", renamed.Path),
                ("title", renamed.Title),
                ("type", renamed.FileType),
                ("tags", renamed.Tags.ToArray()));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _keywordRanking.Statistics.Invalidate();
    }

    public override async Task DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch.ConfigureAwait(false))
        {
            AddLock(batch, "pg_advisory_xact_lock_shared", _storeLockKey);
            AddLock(batch, "pg_advisory_xact_lock", DocumentLockKey(documentId));
            AddCommand(batch, $"DELETE FROM {_names.Chunks} WHERE document_id = @id;", ("id", documentId));
            AddCommand(batch, $"DELETE FROM {_names.Documents} WHERE id = @id;", ("id", documentId));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _keywordRanking.Statistics.Invalidate();
    }

    public override async Task<IReadOnlyList<DocumentChunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionScope = connection.ConfigureAwait(false);
        NpgsqlCommand command = new NpgsqlCommand($"SELECT {ChunkColumns} FROM {_names.Chunks} c WHERE c.document_id = @id ORDER BY c.idx;", connection);
        await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
        command.Parameters.AddWithValue("id", documentId);
        NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        var chunks = new List<DocumentChunk>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            chunks.Add(ReadChunk(reader, null));
        }

        return chunks;
    }

    protected override async Task<KnowledgeSearchSnapshot> OpenSearchSnapshotAsync(ChunkSearchRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        NpgsqlConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction? transaction = null;
        try
        {
            // The three steps (and the keyword step's corpus statistics) read one snapshot.
            transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            if (!request.Vector.IsEmpty)
            {
                EmbeddingModelInfo? model = _model ?? await ReadModelAsync(connection, cancellationToken).ConfigureAwait(false);
                if (model is null || request.Vector.Length != model.Dimensions)
                {
                    throw new ArgumentException($"The query vector has {request.Vector.Length} dimensions; the store '{_options.Schema}' holds {(model is null ? "no" : model.Dimensions.ToString(CultureInfo.InvariantCulture) + "-dimensional")} vectors.", nameof(request));
                }
            }

            return new SearchSnapshot(this, request, connection, transaction);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_ownsDataSource)
            {
                _dataSource.Dispose();
            }

            _openLock.Dispose();
        }

        base.Dispose(disposing);
    }

    private static DateTimeOffset FromTicks(long utcTicks, int offsetMinutes) =>
        new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    private static async Task<List<ChunkCandidate>> ReadScoresAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var list = new List<ChunkCandidate>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ChunkCandidate(reader.GetInt64(0), reader.GetDouble(1)));
        }

        return list;
    }

    private static DocumentChunk ReadChunk(NpgsqlDataReader reader, float[]? embedding) => new()
    {
        DocumentId = reader.GetString(1),
        Index = reader.GetInt32(2),
        Text = reader.GetString(3),
        Path = reader.GetString(4),
        Title = reader.IsDBNull(5) ? null : reader.GetString(5),
        HeadingPath = reader.GetFieldValue<string[]>(6),
        PageNumber = reader.IsDBNull(7) ? null : reader.GetInt32(7),
        StartLine = reader.IsDBNull(8) ? null : reader.GetInt32(8),
        EndLine = reader.IsDBNull(9) ? null : reader.GetInt32(9),
        StartOffset = reader.GetInt32(10),
        EndOffset = reader.GetInt32(11),
        ContentHash = reader.GetString(12),
        FileType = reader.GetString(13),
        Tags = reader.GetFieldValue<string[]>(14),
        OcrConfidence = reader.IsDBNull(15) ? null : reader.GetDouble(15),
        Embedding = embedding ?? ReadOnlyMemory<float>.Empty,
    };

    private static void AddCommand(NpgsqlBatch batch, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        batch.BatchCommands.Add(command);
    }

    private static void AddLock(NpgsqlBatch batch, string function, string key) =>
        AddCommand(batch, $"SELECT {function}(hashtextextended(@key, 0));", ("key", key));

    private static async Task LockAsync(NpgsqlConnection connection, string function, string key, CancellationToken cancellationToken) =>
        await SchemaMigrator.ExecuteAsync(connection, $"SELECT {function}(hashtextextended(@key, 0));", cancellationToken, ("key", key)).ConfigureAwait(false);

    private static NpgsqlParameter Typed(NpgsqlDbType type, object? value) => new() { NpgsqlDbType = type, Value = value ?? DBNull.Value };

    private string DocumentLockKey(string documentId) => "rag:" + _options.Schema + ":doc:" + documentId;

    private void AddDocumentUpsert(NpgsqlBatch batch, DocumentRecord document, int chunkCount) =>
        AddCommand(
            batch,
            $"""
            INSERT INTO {_names.Documents} (id, path, title, file_type, size, last_modified_ticks, last_modified_offset_minutes, content_hash,
                status, error, chunk_count, indexed_at_ticks, indexed_at_offset_minutes, tags)
            VALUES (@id, @path, @title, @type, @size, @modified, @modified_offset, @hash, @status, @error, @count, @indexed, @indexed_offset, @tags)
            ON CONFLICT (id) DO UPDATE SET path = EXCLUDED.path, title = EXCLUDED.title, file_type = EXCLUDED.file_type, size = EXCLUDED.size,
                last_modified_ticks = EXCLUDED.last_modified_ticks, last_modified_offset_minutes = EXCLUDED.last_modified_offset_minutes,
                content_hash = EXCLUDED.content_hash, status = EXCLUDED.status, error = EXCLUDED.error, chunk_count = EXCLUDED.chunk_count,
                indexed_at_ticks = EXCLUDED.indexed_at_ticks, indexed_at_offset_minutes = EXCLUDED.indexed_at_offset_minutes, tags = EXCLUDED.tags;
            """,
            ("id", document.Id),
            ("path", document.Path),
            ("title", document.Title),
            ("type", document.FileType),
            ("size", document.Size),
            ("modified", document.LastModified.UtcTicks),
            ("modified_offset", (int)document.LastModified.Offset.TotalMinutes),
            ("hash", document.ContentHash),
            ("status", (short)document.Status),
            ("error", document.Error),
            ("count", chunkCount),
            ("indexed", document.IndexedAt.UtcTicks),
            ("indexed_offset", (int)document.IndexedAt.Offset.TotalMinutes),
            ("tags", document.Tags.ToArray()));

    /// <summary>
    /// Writes chunks with multi-row <c>INSERT</c>s of <see cref="PostgresStoreOptions.InsertBatchSize"/> rows, all sent in
    /// one round trip; each chunk's <c>tsvector</c> is analysed with its text search configuration in <paramref name="configurations"/>.
    /// </summary>
    private async Task InsertChunksAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string documentId, IReadOnlyList<DocumentChunk> chunks, string[] configurations, CancellationToken cancellationToken)
    {
        if (chunks.Count == 0)
        {
            return;
        }

        int rowsPerStatement = Math.Min(_options.InsertBatchSize, ushort.MaxValue / InsertParameterCount);
        NpgsqlBatch batch = new NpgsqlBatch(connection, transaction);
        await using ConfiguredAsyncDisposable batchScope = batch.ConfigureAwait(false);
        for (int start = 0; start < chunks.Count; start += rowsPerStatement)
        {
            int count = Math.Min(rowsPerStatement, chunks.Count - start);
            var sql = new StringBuilder($"INSERT INTO {_names.Chunks} ({InsertColumns}) VALUES ");
            var command = new NpgsqlBatchCommand();
            for (int row = 0; row < count; row++)
            {
                DocumentChunk chunk = chunks[start + row];
                int p = (row * InsertParameterCount) + 1;
                sql.Append(row == 0 ? "(" : ", (");
                for (int column = 0; column < InsertParameterCount; column++)
                {
                    sql.Append(column == 0 ? "$" : ", $").Append(p + column);
                }

                string Parameter(int column) => "$" + (p + column).ToString(CultureInfo.InvariantCulture);
                sql.Append(", ").Append(SearchVector.Sql(Parameter(17) + "::regconfig", Parameter(4), Parameter(6), Parameter(2))).Append(')');
                NpgsqlParameterCollection parameters = command.Parameters;
                parameters.Add(Typed(NpgsqlDbType.Text, documentId));
                parameters.Add(Typed(NpgsqlDbType.Integer, chunk.Index));
                parameters.Add(Typed(NpgsqlDbType.Text, chunk.Text));
                parameters.Add(Typed(NpgsqlDbType.Text, chunk.Path));
                parameters.Add(Typed(NpgsqlDbType.Text, chunk.Title));
                parameters.Add(Typed(NpgsqlDbType.Array | NpgsqlDbType.Text, chunk.HeadingPath.ToArray()));
                parameters.Add(Typed(NpgsqlDbType.Text, string.Join(" / ", chunk.HeadingPath)));
                parameters.Add(Typed(NpgsqlDbType.Integer, chunk.PageNumber));
                parameters.Add(Typed(NpgsqlDbType.Integer, chunk.StartLine));
                parameters.Add(Typed(NpgsqlDbType.Integer, chunk.EndLine));
                parameters.Add(Typed(NpgsqlDbType.Integer, chunk.StartOffset));
                parameters.Add(Typed(NpgsqlDbType.Integer, chunk.EndOffset));
                parameters.Add(Typed(NpgsqlDbType.Text, chunk.ContentHash));
                parameters.Add(Typed(NpgsqlDbType.Text, chunk.FileType));
                parameters.Add(Typed(NpgsqlDbType.Array | NpgsqlDbType.Text, chunk.Tags.ToArray()));
                parameters.Add(chunk.Embedding.IsEmpty
                    ? new NpgsqlParameter { DataTypeName = "vector", Value = DBNull.Value }
                    : new NpgsqlParameter { Value = new Vector(chunk.Embedding) });
                parameters.Add(Typed(NpgsqlDbType.Double, chunk.OcrConfidence));
                parameters.Add(Typed(NpgsqlDbType.Text, configurations[start + row]));
            }

            command.CommandText = sql.Append(';').ToString();
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A SQL condition restricting <c>c</c> to the documents the filter allows (document-level path, type, tags and ids).</summary>
    private string Filter(ChunkFilter? filter, string prefix, out NpgsqlParameter[] parameters)
    {
        parameters = [];
        if (filter is null || (filter.PathPrefix is null && filter.FileTypes.Count == 0 && filter.Tags.Count == 0 && filter.DocumentIds.Count == 0))
        {
            return string.Empty;
        }

        var conditions = new List<string>();
        var list = new List<NpgsqlParameter>();
        if (filter.PathPrefix is not null)
        {
            conditions.Add($"starts_with(d.path, @{prefix}_path)");
            list.Add(new NpgsqlParameter($"{prefix}_path", NpgsqlDbType.Text) { Value = filter.PathPrefix });
        }

        if (filter.FileTypes.Count > 0)
        {
            conditions.Add($"lower(d.file_type) = ANY(@{prefix}_types)");
            list.Add(new NpgsqlParameter($"{prefix}_types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filter.FileTypes.Select(t => t.TrimStart('.').ToLowerInvariant()).ToArray() });
        }

        if (filter.Tags.Count > 0)
        {
            conditions.Add($"d.tags && @{prefix}_tags");
            list.Add(new NpgsqlParameter($"{prefix}_tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filter.Tags.ToArray() });
        }

        if (filter.DocumentIds.Count > 0)
        {
            conditions.Add($"d.id = ANY(@{prefix}_ids)");
            list.Add(new NpgsqlParameter($"{prefix}_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filter.DocumentIds.ToArray() });
        }

        parameters = [.. list];
        return $" AND c.document_id IN (SELECT d.id FROM {_names.Documents} d WHERE {string.Join(" AND ", conditions)})";
    }

    private async Task<Dictionary<long, (DocumentChunk Chunk, double? Similarity)>> ReadChunksAsync(
        NpgsqlConnection connection, long[] ids, Vector? query, bool includeEmbeddings, CancellationToken cancellationToken)
    {
        string similarity = query is null ? "NULL::float8" : "1 - (c.embedding <=> @q)";
        string embedding = includeEmbeddings ? "c.embedding" : "NULL::vector";
        NpgsqlCommand command = new NpgsqlCommand($"SELECT {ChunkColumns}, {similarity}, {embedding} FROM {_names.Chunks} c WHERE c.id = ANY(@ids);", connection);
        await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
        command.Parameters.AddWithValue("ids", ids);
        if (query is not null)
        {
            command.Parameters.AddWithValue("q", query);
        }

        NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        var result = new Dictionary<long, (DocumentChunk, double?)>(ids.Length);
        int column = ChunkColumns.Split(',').Length;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            float[]? vector = reader.IsDBNull(column + 1) ? null : reader.GetFieldValue<Vector>(column + 1).ToArray();
            double? score = reader.IsDBNull(column) ? null : reader.GetDouble(column);
            result[reader.GetInt64(0)] = (ReadChunk(reader, vector), score);
        }

        return result;
    }

    private async Task<EmbeddingModelInfo?> ReadModelAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        NpgsqlCommand command = new NpgsqlCommand($"SELECT key, value FROM {_names.Store} WHERE key IN ('{ModelIdKey}', '{DimensionsKey}');", connection);
        await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
        NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        string? modelId = null;
        string? dimensions = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.GetString(0) == ModelIdKey)
            {
                modelId = reader.GetString(1);
            }
            else
            {
                dimensions = reader.GetString(1);
            }
        }

        return modelId is null || dimensions is null ? null : new EmbeddingModelInfo(modelId, int.Parse(dimensions, CultureInfo.InvariantCulture));
    }

    /// <summary>Types the vector column with the model's dimensions and (re)builds the HNSW index. The chunk table must be empty or of those dimensions.</summary>
    private async Task BindModelAsync(NpgsqlConnection connection, EmbeddingModelInfo model, CancellationToken cancellationToken)
    {
        string dimensions = model.Dimensions.ToString(CultureInfo.InvariantCulture);
        await SchemaMigrator.ExecuteAsync(
            connection,
            string.Create(
                CultureInfo.InvariantCulture,
                $"""
                DROP INDEX IF EXISTS {_names.HnswIndex};
                ALTER TABLE {_names.Chunks} ALTER COLUMN embedding TYPE vector({dimensions});
                CREATE INDEX chunks_embedding_hnsw ON {_names.Chunks} USING hnsw (embedding vector_cosine_ops) WITH (m = {_options.HnswM}, ef_construction = {_options.HnswEfConstruction});
                INSERT INTO {_names.Store} (key, value) VALUES ('{ModelIdKey}', @model), ('{DimensionsKey}', @dimensions)
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
                """),
            cancellationToken,
            ("model", model.ModelId),
            ("dimensions", dimensions)).ConfigureAwait(false);
    }

    /// <summary>Opens a pooled connection, creating or migrating the schema on the first call.</summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (_opened)
        {
            return connection;
        }

        try
        {
            await _openLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_opened)
                {
                    bool vectorTypeKnown = await SchemaMigrator.ScalarAsync(connection, "SELECT to_regtype('vector') IS NOT NULL;", cancellationToken).ConfigureAwait(false) is true;
                    (int version, string vectorVersion) = await SchemaMigrator.MigrateAsync(connection, _names, _options, _logger, cancellationToken).ConfigureAwait(false);
                    if (!vectorTypeKnown || !_ownsDataSource)
                    {
                        // Load pgvector's types so Npgsql can send and read vectors: this call created the extension, or the
                        // caller's data source may have loaded its types before anyone did.
                        await connection.ReloadTypesAsync(cancellationToken).ConfigureAwait(false);
                    }

                    _textSearchConfiguration = await SchemaMigrator.ScalarAsync(connection, $"SELECT value FROM {_names.Store} WHERE key = 'text_search_configuration';", cancellationToken).ConfigureAwait(false) as string
                        ?? _options.TextSearchConfiguration;
                    await KeywordReanalysis.RunIfPendingAsync(connection, _names, _storeLockKey, _options.KeywordLanguage, _textSearchConfiguration, _logger, cancellationToken).ConfigureAwait(false);
                    _iterativeScan = Version.TryParse(vectorVersion, out Version? parsed) && parsed >= new Version(0, 8);
                    _model = await ReadModelAsync(connection, cancellationToken).ConfigureAwait(false);
                    Log.StoreOpened(_logger, _options.Schema, version, vectorVersion);
                    _opened = true;
                }
            }
            finally
            {
                _openLock.Release();
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
