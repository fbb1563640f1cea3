// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Rag.Connectors.Sqlite.Search;
using Rag.Connectors.Search.Analysis;
using Rag.Connectors.Sqlite.Search.Analysis;
using Rag.Connectors.Sqlite.Search.Keywords;
using Rag.Connectors.Sqlite.Storage;
using Rag.Connectors.Search;
using Rag.Connectors.Store;

namespace Rag.Connectors.Sqlite;

/// <summary>
/// The knowledge store over one SQLite file: a <c>documents</c> catalog, a <c>chunks</c> table (with vector BLOBs) and
/// its FTS5 index, searched through the shared <see cref="SearchIndex"/>.
/// </summary>
internal sealed partial class SqliteKnowledgeStoreCore : KnowledgeStore
{
    private const string ChunkColumns = "_rowid, document_id, idx, text, path, title, heading_path, page, start_line, end_line, start_offset, end_offset, content_hash, file_type, tags";

    // Indexes written before OCR have no ocr_confidence column; opened read-only they are never altered, so it reads as NULL.
    private string? _chunkColumnsWithOcr;
    private const string ModelIdKey = "knowledge.embedding_model";
    private const string DimensionsKey = "knowledge.embedding_dimensions";
    internal const string AnalysisKey = "knowledge.keyword_analysis";
    private const string LanguagesKey = "knowledge.keyword_languages";

    private readonly SqliteDatabase _database;
    private readonly SqliteStoreOptions _options;
    private readonly ILogger _logger;
    private readonly KeywordAnalyzer _analyzer;
    private readonly FullTextTokenizer _queryTokenizer;
    private readonly Bm25Ranker? _ranker;
    private readonly object _loadLock = new();

    // Guarded by the database gate: replaced or mutated only inside a write batch's apply step.
    private readonly Dictionary<string, CatalogEntry> _catalog = new(StringComparer.Ordinal);
    private SearchIndex? _index;
    private EmbeddingModelInfo? _model;
    private int _nextOrdinal;
    private volatile bool _loaded;

    // The file's schema version when its keyword index was last found built with the configured tokenizer.
    private long _tokenizerCheckedAt = -1;

    public SqliteKnowledgeStoreCore(string path, SqliteStoreOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _analyzer = new KeywordAnalyzer(options.KeywordLanguage);
        _queryTokenizer = new FullTextTokenizer(options.FullTextTokenizer);
        _ranker = options.RankKeywordsInMemory ? new Bm25Ranker("chunks_fts", _queryTokenizer, FullTextWeights, options.PruneKeywordRanking, (long)options.KeywordCacheMegabytes << 20) : null;
        _database = new SqliteDatabase(path, options.BusyTimeout, options.FlushOnCommit, options.ReadOnly, logger, CreateSchema);
    }

    public override async Task InitializeAsync(EmbeddingModelInfo model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(model.Dimensions, 1, nameof(model));
        EnsureLoaded(cancellationToken);
        EmbeddingModelInfo? stored = _model;
        if (stored is not null)
        {
            if (stored != model)
            {
                var mismatch = new EmbeddingModelMismatchException(stored, model);
                mismatch.Data["DatabasePath"] = _database.Path;
                throw mismatch;
            }

            return;
        }

        await _database.WriteAsync("Initialize", (connection, transaction) =>
        {
            SqliteDatabase.SetMeta(connection, transaction, ModelIdKey, model.ModelId);
            SqliteDatabase.SetMeta(connection, transaction, DimensionsKey, model.Dimensions.ToString(CultureInfo.InvariantCulture));
            return () => BindModel(model, connection);
        }, cancellationToken).ConfigureAwait(false);
    }

    public override async Task ResetAsync(EmbeddingModelInfo model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(model.Dimensions, 1, nameof(model));
        EnsureLoaded(cancellationToken);
        await _database.WriteAsync("Reset", (connection, transaction) =>
        {
            SqliteDatabase.Execute(connection, "DELETE FROM chunks_fts; DELETE FROM chunks; DELETE FROM documents;", transaction);
            SqliteDatabase.SetMeta(connection, transaction, ModelIdKey, model.ModelId);
            SqliteDatabase.SetMeta(connection, transaction, DimensionsKey, model.Dimensions.ToString(CultureInfo.InvariantCulture));
            SqliteDatabase.SetMeta(connection, transaction, LanguagesKey, string.Empty);
            return () =>
            {
                _catalog.Clear();
                BindModel(model, null);
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    public override Task<EmbeddingModelInfo?> GetEmbeddingModelAsync(CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            EnsureLoaded(cancellationToken);
            return _model;
        });

    public override Task<IReadOnlyList<DocumentRecord>> GetDocumentsAsync(CancellationToken cancellationToken = default) =>
        Run(() =>
        {
            EnsureLoaded(cancellationToken);
            return _database.Read<IReadOnlyList<DocumentRecord>>("GetDocuments", connection =>
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = "SELECT id, path, title, file_type, size, last_modified, content_hash, status, error, chunk_count, indexed_at, tags FROM documents ORDER BY path, id;";
                using SqliteDataReader reader = command.ExecuteReader();
                var records = new List<DocumentRecord>();
                while (reader.Read())
                {
                    records.Add(new DocumentRecord
                    {
                        Id = reader.GetString(0),
                        Path = reader.GetString(1),
                        Title = reader.IsDBNull(2) ? null : reader.GetString(2),
                        FileType = reader.GetString(3),
                        Size = reader.GetInt64(4),
                        LastModified = ParseDate(reader.GetString(5)),
                        ContentHash = reader.GetString(6),
                        Status = (DocumentStatus)reader.GetInt32(7),
                        Error = reader.IsDBNull(8) ? null : reader.GetString(8),
                        ChunkCount = reader.GetInt32(9),
                        IndexedAt = ParseDate(reader.GetString(10)),
                        Tags = ParseList(reader.GetString(11)),
                    });
                }

                return records;
            });
        });

    public override Task UpsertDocumentAsync(DocumentRecord document, IReadOnlyList<DocumentChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(chunks);
        return UpsertDocumentsAsync([new DocumentUpsert(document, chunks)], cancellationToken);
    }

    /// <summary>Stores the batch in one transaction: all of it, or (when this throws) none of it.</summary>
    public override async Task UpsertDocumentsAsync(IReadOnlyList<DocumentUpsert> documents, CancellationToken cancellationToken = default)
    {
        RequireDistinct(documents);
        EnsureLoaded(cancellationToken);
        foreach (DocumentUpsert upsert in documents)
        {
            ChunkRules.Require(upsert.Document, upsert.Chunks, _model, _database.Path);
        }

        // Tags serialised before the transaction; chunks analysed for FTS5 on the other cores while earlier ones are written.
        string[] tags = [.. documents.Select(u => JsonSerializer.Serialize(u.Document.Tags.ToArray()))];
        using var analysed = new ChunkAnalysisPipeline(
            _analyzer,
            [.. documents.Select(u => (IReadOnlyList<(string, string, string)>)[.. u.Chunks.Select(c => (c.Title ?? string.Empty, string.Join(" / ", c.HeadingPath), c.Text))])],
            cancellationToken);
        await _database.WriteAsync(documents.Count == 1 ? "UpsertDocument" : "UpsertDocuments", (connection, transaction) =>
        {
            Bm25Write? keywords = _ranker?.BeginWrite(connection, transaction);
            using var chunkWriter = new ChunkWriter(connection, transaction);
            using var fullText = new FullTextWriter(connection, transaction);
            var written = new List<(DocumentRecord Document, List<long> Removed, List<(long RowId, ReadOnlyMemory<float> Vector)> Added)>(documents.Count);
            for (int d = 0; d < documents.Count; d++)
            {
                (DocumentRecord document, IReadOnlyList<DocumentChunk> chunks) = documents[d];
                List<long> removed = DeleteChunks(connection, transaction, document.Id, keywords);
                WriteDocument(connection, transaction, document, chunks.Count, tags[d]);
                var added = new List<(long RowId, ReadOnlyMemory<float> Vector)>(chunks.Count);
                for (int c = 0; c < chunks.Count; c++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    long rowId = chunkWriter.Insert(document.Id, chunks[c]);
                    fullText.Insert(rowId, analysed.Get(d, c));
                    keywords?.Added([rowId]);
                    if (!chunks[c].Embedding.IsEmpty)
                    {
                        added.Add((rowId, chunks[c].Embedding));
                    }
                }

                written.Add((document, removed, added));
            }

            AddLanguages(connection, transaction, fullText.Languages);
            keywords?.Finish(connection, transaction);
            return () =>
            {
                ApplyKeywords(keywords);
                VectorIndex? vectors = _index?.Vectors;
                foreach ((DocumentRecord document, List<long> removed, List<(long RowId, ReadOnlyMemory<float> Vector)> added) in written)
                {
                    int ordinal = SetCatalog(document.Id, document.Path, document.FileType, document.Tags);
                    if (vectors is not null)
                    {
                        removed.ForEach(r => vectors.Remove(r));
                        added.ForEach(a => vectors.Set(a.RowId, ordinal, a.Vector.Span));
                    }
                }
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    public override async Task RenameDocumentAsync(string documentId, DocumentRecord renamed, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        ArgumentNullException.ThrowIfNull(renamed);
        EnsureLoaded(cancellationToken);
        string tags = JsonSerializer.Serialize(renamed.Tags.ToArray());
        await _database.WriteAsync("RenameDocument", (connection, transaction) =>
        {
            object? count = SqliteDatabase.Scalar(connection, "SELECT chunk_count FROM documents WHERE id = $id;", transaction, ("$id", documentId));
            if (count is null)
            {
                return null;
            }

            Bm25Write? keywords = _ranker?.BeginWrite(connection, transaction);
            List<long> displaced = string.Equals(documentId, renamed.Id, StringComparison.Ordinal) ? [] : DeleteChunks(connection, transaction, renamed.Id, keywords);
            List<long> retitled = keywords is null ? [] : ChunkRows(connection, transaction, documentId);
            keywords?.Removing(connection, transaction, retitled);
            SqliteDatabase.Execute(connection, "DELETE FROM documents WHERE id = $id;", transaction, ("$id", documentId));
            WriteDocument(connection, transaction, renamed, Convert.ToInt32(count, CultureInfo.InvariantCulture), tags);
            var titleLanguages = new HashSet<LanguageProfile>();
            foreach (LanguageProfile language in StoredLanguages(connection, transaction).Select(LanguageProfile.Named))
            {
                SqliteDatabase.Execute(
                    connection,
                    "UPDATE chunks_fts SET title = $title WHERE lang = $lang AND rowid IN (SELECT _rowid FROM chunks WHERE document_id = $old);",
                    transaction,
                    ("$old", documentId),
                    ("$lang", language.Name),
                    ("$title", _analyzer.AnalyseLabel(renamed.Title ?? string.Empty, language, titleLanguages)));
            }

            AddLanguages(connection, transaction, titleLanguages);
            keywords?.Added(retitled);
            keywords?.Finish(connection, transaction);

            SqliteDatabase.Execute(
                connection,
                """
                UPDATE chunks SET document_id = $new, path = $path, title = $title, file_type = $type, tags = $tags WHERE document_id = $old;
                """,
                transaction,
                ("$old", documentId),
                ("$new", renamed.Id),
                ("$path", renamed.Path),
                ("$title", renamed.Title ?? string.Empty),
                ("$type", renamed.FileType),
                ("$tags", tags));
            return () =>
            {
                ApplyKeywords(keywords);
                VectorIndex? vectors = _index?.Vectors;
                displaced.ForEach(r => vectors?.Remove(r));
                _catalog.Remove(renamed.Id);
                if (_catalog.Remove(documentId, out CatalogEntry? entry))
                {
                    _catalog[renamed.Id] = entry with { Path = renamed.Path, FileType = renamed.FileType, Tags = [.. renamed.Tags] };
                }
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    public override async Task DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        EnsureLoaded(cancellationToken);
        await _database.WriteAsync("DeleteDocument", (connection, transaction) =>
        {
            Bm25Write? keywords = _ranker?.BeginWrite(connection, transaction);
            List<long> removed = DeleteChunks(connection, transaction, documentId, keywords);
            SqliteDatabase.Execute(connection, "DELETE FROM documents WHERE id = $id;", transaction, ("$id", documentId));
            keywords?.Finish(connection, transaction);
            return () =>
            {
                ApplyKeywords(keywords);
                removed.ForEach(r => _index?.Vectors?.Remove(r));
                _catalog.Remove(documentId);
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    public override Task<IReadOnlyList<DocumentChunk>> GetChunksAsync(string documentId, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<DocumentChunk>>(() =>
        {
            ArgumentException.ThrowIfNullOrEmpty(documentId);
            EnsureLoaded(cancellationToken);
            return _database.Read("GetChunks", connection =>
            {
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = $"SELECT {ChunkColumnsWithOcr(connection)} FROM chunks WHERE document_id = $id ORDER BY idx;";
                command.Parameters.AddWithValue("$id", documentId);
                using SqliteDataReader reader = command.ExecuteReader();
                var chunks = new List<DocumentChunk>();
                while (reader.Read())
                {
                    chunks.Add(ReadChunk(reader, null));
                }

                return chunks;
            });
        });

    protected override Task<KnowledgeSearchSnapshot> OpenSearchSnapshotAsync(ChunkSearchRequest request, CancellationToken cancellationToken) =>
        Run<KnowledgeSearchSnapshot>(() =>
        {
            EnsureLoaded(cancellationToken);
            return new SearchSnapshot(this, request, cancellationToken);
        });

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _database.Dispose();
            _ranker?.Dispose();
            _queryTokenizer.Dispose();
        }

        base.Dispose(disposing);
    }

    private static Task<T> Run<T>(Func<T> body)
    {
        try
        {
            return Task.FromResult(body());
        }
        catch (OperationCanceledException ex)
        {
            return Task.FromCanceled<T>(ex.CancellationToken.IsCancellationRequested ? ex.CancellationToken : new CancellationToken(true));
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    private static DateTimeOffset ParseDate(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static string[] ParseList(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    private static DocumentChunk ReadChunk(SqliteDataReader reader, float[]? embedding) => new()
    {
        DocumentId = reader.GetString(1),
        Index = reader.GetInt32(2),
        Text = reader.GetString(3),
        Path = reader.GetString(4),
        Title = reader.IsDBNull(5) ? null : reader.GetString(5),
        HeadingPath = ParseList(reader.GetString(6)),
        PageNumber = reader.IsDBNull(7) ? null : reader.GetInt32(7),
        StartLine = reader.IsDBNull(8) ? null : reader.GetInt32(8),
        EndLine = reader.IsDBNull(9) ? null : reader.GetInt32(9),
        StartOffset = reader.GetInt32(10),
        EndOffset = reader.GetInt32(11),
        ContentHash = reader.GetString(12),
        FileType = reader.GetString(13),
        Tags = ParseList(reader.GetString(14)),
        OcrConfidence = reader.IsDBNull(15) ? null : reader.GetDouble(15),
        Embedding = embedding ?? ReadOnlyMemory<float>.Empty,
    };

    private string ChunkColumnsWithOcr(SqliteConnection connection) => _chunkColumnsWithOcr ??= HasOcrColumn(connection)
        ? ChunkColumns + ", ocr_confidence"
        : ChunkColumns + ", NULL";

    private static bool HasOcrColumn(SqliteConnection connection, SqliteTransaction? transaction = null) =>
        Convert.ToInt64(SqliteDatabase.Scalar(connection, "SELECT count(*) FROM pragma_table_info('chunks') WHERE name = 'ocr_confidence';", transaction), CultureInfo.InvariantCulture) == 1;

    /// <summary>Deletes a document's chunks and their keyword rows (reported to <paramref name="keywords"/> first); returns their row ids.</summary>
    private static List<long> DeleteChunks(SqliteConnection connection, SqliteTransaction transaction, string documentId, Bm25Write? keywords)
    {
        List<long> rowIds = ChunkRows(connection, transaction, documentId);
        if (rowIds.Count > 0)
        {
            keywords?.Removing(connection, transaction, rowIds);
            SqliteDatabase.Execute(
                connection,
                "DELETE FROM chunks_fts WHERE rowid IN (SELECT _rowid FROM chunks WHERE document_id = $id); DELETE FROM chunks WHERE document_id = $id;",
                transaction,
                ("$id", documentId));
        }

        return rowIds;
    }

    private static List<long> ChunkRows(SqliteConnection connection, SqliteTransaction transaction, string documentId)
    {
        var rowIds = new List<long>();
        using SqliteCommand select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT _rowid FROM chunks WHERE document_id = $id;";
        select.Parameters.AddWithValue("$id", documentId);
        using SqliteDataReader reader = select.ExecuteReader();
        while (reader.Read())
        {
            rowIds.Add(reader.GetInt64(0));
        }

        return rowIds;
    }

    /// <summary>Brings the keyword ranker's cache up to date with a committed write of this store (runs in the write's apply step).</summary>
    private void ApplyKeywords(Bm25Write? keywords)
    {
        if (keywords is not null)
        {
            _ranker!.Apply(keywords);
        }
    }

    private static void WriteDocument(SqliteConnection connection, SqliteTransaction transaction, DocumentRecord document, int chunkCount, string tags) =>
        SqliteDatabase.Execute(
            connection,
            """
            INSERT OR REPLACE INTO documents (id, path, title, file_type, size, last_modified, content_hash, status, error, chunk_count, indexed_at, tags)
            VALUES ($id, $path, $title, $type, $size, $modified, $hash, $status, $error, $count, $indexed, $tags);
            """,
            transaction,
            ("$id", document.Id),
            ("$path", document.Path),
            ("$title", document.Title),
            ("$type", document.FileType),
            ("$size", document.Size),
            ("$modified", document.LastModified.ToString("O", CultureInfo.InvariantCulture)),
            ("$hash", document.ContentHash),
            ("$status", (int)document.Status),
            ("$error", document.Error),
            ("$count", chunkCount),
            ("$indexed", document.IndexedAt.ToString("O", CultureInfo.InvariantCulture)),
            ("$tags", tags));

    private (Func<long, int, bool>? VectorFilter, SqlFilter? SqlFilter, bool MatchesNothing) BuildFilter(ChunkFilter? filter)
    {
        if (filter is null || (filter.PathPrefix is null && filter.FileTypes.Count == 0 && filter.Tags.Count == 0 && filter.DocumentIds.Count == 0))
        {
            return (null, null, false);
        }

        var types = new HashSet<string>(filter.FileTypes.Select(t => t.TrimStart('.')), StringComparer.OrdinalIgnoreCase);
        var ids = new HashSet<string>(filter.DocumentIds, StringComparer.Ordinal);
        var tags = new HashSet<string>(filter.Tags, StringComparer.Ordinal);
        bool[] allowed = new bool[_nextOrdinal];
        var allowedIds = new List<string>();
        foreach ((string id, CatalogEntry entry) in _catalog)
        {
            bool ok = (filter.PathPrefix is null || entry.Path.StartsWith(filter.PathPrefix, StringComparison.Ordinal))
                && (types.Count == 0 || types.Contains(entry.FileType))
                && (ids.Count == 0 || ids.Contains(id))
                && (tags.Count == 0 || entry.Tags.Any(tags.Contains));
            if (ok)
            {
                allowed[entry.Ordinal] = true;
                allowedIds.Add(id);
            }
        }

        if (allowedIds.Count == 0)
        {
            return (null, null, true);
        }

        var sql = new SqlFilter("document_id IN (SELECT value FROM json_each($filter_ids))", [new("$filter_ids", JsonSerializer.Serialize(allowedIds))]);
        return ((_, group) => group < allowed.Length && allowed[group], sql, false);
    }

    private Dictionary<long, DocumentChunk> ReadChunks(SqliteConnection connection, SearchIndex index, IEnumerable<long> rowIds, bool includeEmbeddings)
    {
        long[] ids = [.. rowIds];
        var result = new Dictionary<long, DocumentChunk>(ids.Length);
        if (ids.Length == 0)
        {
            return result;
        }

        Dictionary<long, float[]> vectors = includeEmbeddings ? index.ReadVectors(connection, ids) : [];
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {ChunkColumnsWithOcr(connection)} FROM chunks WHERE _rowid IN (SELECT value FROM json_each($ids));";
        command.Parameters.AddWithValue("$ids", SearchIndex.RowIdsJson(ids));
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            long rowId = reader.GetInt64(0);
            result[rowId] = ReadChunk(reader, vectors.GetValueOrDefault(rowId));
        }

        return result;
    }

    private void EnsureLoaded(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_loaded)
        {
            return;
        }

        lock (_loadLock)
        {
            if (_loaded)
            {
                return;
            }

            _database.EnsureOpen();
            _database.Exclusive(() =>
            {
                using SqliteConnection connection = _database.OpenConnection();
                try
                {
                    // Opened read-write, the file's tables were created when it was opened (CreateSchema runs in its migration).
                    if (_database.IsReadOnly)
                    {
                        RequireSchema(connection);
                        RequireConfiguredTokenizer(connection);
                    }
                    else
                    {
                        EnsureKeywordAnalysis(connection, cancellationToken);
                    }

                    Interlocked.Exchange(ref _tokenizerCheckedAt, SchemaVersion(connection));

                    string? modelId = SqliteDatabase.GetMeta(connection, ModelIdKey);
                    string? dimensions = SqliteDatabase.GetMeta(connection, DimensionsKey);
                    LoadCatalog(connection);
                    if (modelId is not null && dimensions is not null)
                    {
                        BindModel(new EmbeddingModelInfo(modelId, int.Parse(dimensions, CultureInfo.InvariantCulture)), connection);
                    }
                }
                catch (SqliteException ex)
                {
                    throw _database.Translate(ex, "Open");
                }
            });
            _loaded = true;
        }
    }

    private void RequireSchema(SqliteConnection connection)
    {
        object? tables = SqliteDatabase.Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE name IN ('documents', 'chunks', 'chunks_fts');");
        if (Convert.ToInt64(tables, CultureInfo.InvariantCulture) != 3)
        {
            throw _database.Failure("Open", "holds no knowledge store yet (no documents, chunks and chunks_fts tables, so no documents): the run that created it was stopped early, or the file belongs to something else. A store opened read-only (SqliteStoreOptions.ReadOnly) never creates them; open it once without ReadOnly (index the folder again) and they are created in it");
        }
    }

    /// <summary>
    /// A store opened read-only searches its keyword index with the configured tokenizer (queries and the in-memory ranker),
    /// so the index must have been built with it; opened read-write, an index of another tokenizer is rebuilt instead.
    /// </summary>
    private void RequireConfiguredTokenizer(SqliteConnection connection)
    {
        string? stored = StoredTokenizer(connection);
        if (!string.Equals(stored, _options.FullTextTokenizer, StringComparison.Ordinal))
        {
            throw _database.Failure("Open", $"holds a keyword index built with the FTS5 tokenizer '{stored}', and this store is configured with '{_options.FullTextTokenizer}' (SqliteStoreOptions.FullTextTokenizer). A store opened read-only (SqliteStoreOptions.ReadOnly) is never rebuilt; set FullTextTokenizer to '{stored}', or open it once without ReadOnly to rebuild the index with the new tokenizer");
        }
    }

    /// <summary>
    /// Fails a keyword search when another store rebuilt the keyword index with another tokenizer since this store checked
    /// it (queries would be tokenized otherwise than the index); the check runs only when the file's schema changed.
    /// </summary>
    private void RequireTokenizerUnchanged(SqliteConnection connection)
    {
        long version = SchemaVersion(connection);
        if (version == Interlocked.Read(ref _tokenizerCheckedAt))
        {
            return;
        }

        string? stored = StoredTokenizer(connection);
        if (!string.Equals(stored, _options.FullTextTokenizer, StringComparison.Ordinal))
        {
            throw _database.Failure("Search", $"had its keyword index rebuilt with the FTS5 tokenizer '{stored}' by another store after this store opened it with '{_options.FullTextTokenizer}' (SqliteStoreOptions.FullTextTokenizer), so its queries would not match the index. Nothing was searched; reopen this store with the FullTextTokenizer the other uses");
        }

        Interlocked.Exchange(ref _tokenizerCheckedAt, version);
    }

    private static long SchemaVersion(SqliteConnection connection) =>
        Convert.ToInt64(SqliteDatabase.Scalar(connection, "PRAGMA schema_version;"), CultureInfo.InvariantCulture);

    /// <summary>The <c>tokenize</c> option the file's FTS5 table was created with; <see langword="null"/> when it declares none.</summary>
    private static string? StoredTokenizer(SqliteConnection connection)
    {
        string sql = SqliteDatabase.Scalar(connection, "SELECT sql FROM sqlite_master WHERE name = 'chunks_fts';") as string ?? string.Empty;
        Match tokenize = TokenizeOption().Match(sql);
        return tokenize.Success ? tokenize.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal) : null;
    }

    [GeneratedRegex(@"tokenize\s*=\s*'((?:[^']|'')*)'", RegexOptions.CultureInvariant)]
    private static partial Regex TokenizeOption();

    /// <summary>Creates the knowledge tables when missing, inside the transaction that opens the file read-write.</summary>
    private void CreateSchema(SqliteConnection connection, SqliteTransaction transaction)
    {
        SqliteDatabase.Execute(
            connection,
            $"""
            CREATE TABLE IF NOT EXISTS documents (
                id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT, file_type TEXT NOT NULL, size INTEGER NOT NULL,
                last_modified TEXT NOT NULL, content_hash TEXT NOT NULL, status INTEGER NOT NULL, error TEXT,
                chunk_count INTEGER NOT NULL, indexed_at TEXT NOT NULL, tags TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS chunks (
                _rowid INTEGER PRIMARY KEY, document_id TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL, path TEXT NOT NULL,
                title TEXT, heading_path TEXT NOT NULL, page INTEGER, start_line INTEGER, end_line INTEGER,
                start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, content_hash TEXT NOT NULL, file_type TEXT NOT NULL,
                tags TEXT NOT NULL, embedding BLOB, ocr_confidence REAL);
            CREATE INDEX IF NOT EXISTS chunks_document ON chunks (document_id, idx);
            {FullTextTableSql("IF NOT EXISTS")}
            """,
            transaction);
        if (!HasOcrColumn(connection, transaction))
        {
            // An index written before OCR: the confidence of its (non-OCR) chunks is NULL.
            SqliteDatabase.Execute(connection, "ALTER TABLE chunks ADD COLUMN ocr_confidence REAL;", transaction);
        }
    }

    /// <summary>The FTS5 table of the chunks: the analysed title, headings and text, and the language they were analysed in.</summary>
    private string FullTextTableSql(string condition) =>
        $"CREATE VIRTUAL TABLE {condition} chunks_fts USING fts5 (title, headings, text, lang UNINDEXED, tokenize = '{_options.FullTextTokenizer.Replace("'", "''", StringComparison.Ordinal)}');";

    /// <summary>
    /// Re-analyses the keyword index from the stored chunk text when it was analysed otherwise: by another analysis
    /// version, language setting or FTS5 tokenizer, or before languages were told apart (no <c>lang</c> column). Chunks and
    /// vectors are untouched.
    /// </summary>
    private void EnsureKeywordAnalysis(SqliteConnection connection, CancellationToken cancellationToken)
    {
        bool hasLanguageColumn = Convert.ToInt64(SqliteDatabase.Scalar(connection, "SELECT count(*) FROM pragma_table_info('chunks_fts') WHERE name = 'lang';"), CultureInfo.InvariantCulture) == 1;
        if (hasLanguageColumn
            && string.Equals(SqliteDatabase.GetMeta(connection, AnalysisKey), _analyzer.Signature, StringComparison.Ordinal)
            && string.Equals(StoredTokenizer(connection), _options.FullTextTokenizer, StringComparison.Ordinal))
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        using SqliteTransaction transaction = connection.BeginTransaction();
        SqliteDatabase.Execute(connection, "DROP TABLE IF EXISTS chunks_fts; " + FullTextTableSql(string.Empty), transaction);
        using var fullText = new FullTextWriter(connection, transaction);
        int count = 0;
        using (SqliteCommand select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT _rowid, document_id, title, heading_path, text FROM chunks ORDER BY document_id, idx;";
            using SqliteDataReader reader = select.ExecuteReader();
            var document = new List<(long RowId, string Title, string Headings, string Text)>();
            string? documentId = null;
            while (true)
            {
                bool more = reader.Read();
                if (documentId is not null && (!more || !string.Equals(reader.GetString(1), documentId, StringComparison.Ordinal)))
                {
                    AnalysedChunk[] analysed = _analyzer.AnalyseChunks([.. document.Select(d => (d.Title, d.Headings, d.Text))], cancellationToken);
                    for (int i = 0; i < document.Count; i++)
                    {
                        fullText.Insert(document[i].RowId, analysed[i]);
                    }

                    count += document.Count;
                    document.Clear();
                }

                if (!more)
                {
                    break;
                }

                documentId = reader.GetString(1);
                document.Add((reader.GetInt64(0), reader.IsDBNull(2) ? string.Empty : reader.GetString(2), string.Join(" / ", ParseList(reader.GetString(3))), reader.GetString(4)));
            }
        }

        SqliteDatabase.SetMeta(connection, transaction, AnalysisKey, _analyzer.Signature);
        SqliteDatabase.SetMeta(connection, transaction, LanguagesKey, string.Join(',', fullText.Languages.Select(l => l.Name).Order(StringComparer.Ordinal)));
        transaction.Commit();
        Log.KeywordIndexRebuilt(_logger, _database.Path, count, _analyzer.Signature, watch.Elapsed);
    }

    /// <summary>
    /// The languages the keyword index holds, by stored name, as the file records them (read in the caller's transaction, so
    /// a write by another store on the file is seen); an index written before languages were told apart holds English as written.
    /// </summary>
    private static string[] StoredLanguages(SqliteConnection connection, SqliteTransaction? transaction = null) =>
        SqliteDatabase.GetMeta(connection, LanguagesKey, transaction) is { } stored
            ? stored.Split(',', StringSplitOptions.RemoveEmptyEntries)
            : [LanguageProfile.English.Name];

    /// <summary>Records, inside the write transaction, the languages the index did not hold yet (the file's set, not a copy another store may have changed).</summary>
    private static void AddLanguages(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<LanguageProfile> languages)
    {
        string[] current = StoredLanguages(connection, transaction);
        string[] added = [.. languages.Select(l => l.Name).Except(current, StringComparer.Ordinal).Distinct(StringComparer.Ordinal)];
        if (added.Length > 0)
        {
            SqliteDatabase.SetMeta(connection, transaction, LanguagesKey, string.Join(',', current.Concat(added).Order(StringComparer.Ordinal)));
        }
    }

    private void LoadCatalog(SqliteConnection connection)
    {
        _catalog.Clear();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id, path, file_type, tags FROM documents;";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            SetCatalog(reader.GetString(0), reader.GetString(1), reader.GetString(2), ParseList(reader.GetString(3)));
        }
    }

    private int SetCatalog(string id, string path, string fileType, IReadOnlyList<string> tags)
    {
        int ordinal = _catalog.TryGetValue(id, out CatalogEntry? existing) ? existing.Ordinal : _nextOrdinal++;
        _catalog[id] = new CatalogEntry(ordinal, path, fileType, [.. tags]);
        return ordinal;
    }

    // Runs inside the gate's write lock (load or apply step).
    private void BindModel(EmbeddingModelInfo model, SqliteConnection? connection)
    {
        _model = model;
        _index = CreateIndex(model);
        if (connection is not null)
        {
            _index.Load(connection, "document_id", documentId => _catalog.TryGetValue(documentId, out CatalogEntry? e) ? e.Ordinal : int.MaxValue, _logger);
        }
    }

    private SearchIndex CreateIndex(EmbeddingModelInfo? model) =>
        new("chunks", "embedding", model is null ? null : new VectorIndex(model.Dimensions, VectorMetric.Cosine, _options.QuantizeVectors), "chunks_fts", FullTextWeights, _ranker);

    /// <summary>The <c>bm25()</c> weights of the FTS5 columns, in column order (title, headings, text).</summary>
    private double[] FullTextWeights => [_options.TitleWeight, _options.HeadingWeight, _options.TextWeight];

    private sealed record CatalogEntry(int Ordinal, string Path, string FileType, string[] Tags);
}
