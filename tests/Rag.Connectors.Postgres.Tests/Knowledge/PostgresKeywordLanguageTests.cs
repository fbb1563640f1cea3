// Copyright (c) Rag contributors. Licensed under the MIT License.

using Npgsql;
using Rag.Connectors.Postgres.Schema;

namespace Rag.Connectors.Postgres.Tests.Knowledge;

/// <summary>
/// Language-aware keyword search in the PostgreSQL store: each chunk analysed with its language's text search
/// configuration, queries matched in every configuration the index holds, and a schema from before per-chunk
/// configurations (version 1) upgraded in place, re-analysed, with its documents still matching.
/// </summary>
public sealed class PostgresKeywordLanguageTests : PostgresStoreTests
{
    private const string Spanish =
        "La filtración de los datos del servidor se detectó por la mañana. Los administradores revisaron el registro y encontraron una conexión desconocida.";

    private const string English =
        "The servers were running out of memory when the nightly backups started, so the operators restarted them one by one.";

    [Theory]
    [InlineData("filtraciones")] // plural of "filtración"
    [InlineData("detectaron")] // another person and tense of "detectó"
    [InlineData("administrador")] // singular of "administradores"
    public async Task SearchAsync_Auto_SpanishFormsMatchEachOther(string query)
    {
        (KnowledgeStore store, string schema) = await CreateStoreAsync(o => o.KeywordLanguage = KeywordLanguage.Auto);
        await store.UpsertDocumentAsync(Record("es"), [Chunk("es", Spanish)], Ct);

        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = query }, Ct);

        Assert.Equal("es", Assert.Single(results).Chunk.DocumentId);
        Assert.Equal([("es", "spanish")], await ChunkLanguagesAsync(schema));
    }

    [Fact]
    public async Task SearchAsync_FixedEnglish_MissesSpanishForms()
    {
        // The behaviour before chunks had languages: Spanish analysed as English keeps "filtración" apart from "filtraciones".
        (KnowledgeStore store, _) = await CreateStoreAsync(o => o.KeywordLanguage = KeywordLanguage.English);
        await store.UpsertDocumentAsync(Record("es"), [Chunk("es", Spanish)], Ct);

        Assert.Empty(await store.SearchAsync(new ChunkSearchRequest { Keywords = "filtraciones" }, Ct));
        Assert.Single(await store.SearchAsync(new ChunkSearchRequest { Keywords = "filtración" }, Ct));
    }

    [Theory]
    [InlineData(KeywordLanguage.Spanish, 1)]
    [InlineData(KeywordLanguage.Auto, 0)] // too few words to tell Spanish: analysed as English
    public async Task SearchAsync_FixedSpanish_StemsTextTooShortToDetect(KeywordLanguage language, int expected)
    {
        (KnowledgeStore store, _) = await CreateStoreAsync(o => o.KeywordLanguage = language);
        await store.UpsertDocumentAsync(Record("es"), [Chunk("es", "Filtración detectada")], Ct);

        Assert.Equal(expected, (await store.SearchAsync(new ChunkSearchRequest { Keywords = "filtraciones" }, Ct)).Count);
    }

    [Fact]
    public async Task SearchAsync_Auto_EnglishIsStillStemmedAsEnglish()
    {
        (KnowledgeStore store, string schema) = await CreateStoreAsync(o => o.KeywordLanguage = KeywordLanguage.Auto);
        await store.UpsertDocumentAsync(Record("en"), [Chunk("en", English)], Ct);

        Assert.Single(await store.SearchAsync(new ChunkSearchRequest { Keywords = "run" }, Ct)); // "running", by the English stemmer only
        Assert.Single(await store.SearchAsync(new ChunkSearchRequest { Keywords = "backup" }, Ct));
        Assert.Equal([("en", "english")], await ChunkLanguagesAsync(schema));
    }

    [Fact]
    public async Task SearchAsync_MixedIndex_AnswersQueriesInEachLanguage()
    {
        (KnowledgeStore store, string schema) = await CreateStoreAsync(o => o.KeywordLanguage = KeywordLanguage.Auto);
        await store.UpsertDocumentAsync(Record("es"), [Chunk("es", Spanish)], Ct);
        await store.UpsertDocumentAsync(Record("en"), [Chunk("en", English)], Ct);

        IReadOnlyList<ChunkSearchResult> spanish = await store.SearchAsync(new ChunkSearchRequest { Keywords = "detectaron administrador" }, Ct);
        IReadOnlyList<ChunkSearchResult> english = await store.SearchAsync(new ChunkSearchRequest { Keywords = "run backup" }, Ct);
        IReadOnlyList<ChunkSearchResult> both = await store.SearchAsync(new ChunkSearchRequest { Keywords = "detectaron restart" }, Ct);

        Assert.Equal(["es"], spanish.Select(r => r.Chunk.DocumentId));
        Assert.Equal(["en"], english.Select(r => r.Chunk.DocumentId));
        Assert.Equal(["en", "es"], both.Select(r => r.Chunk.DocumentId).Order(StringComparer.Ordinal));
        Assert.Equal([("en", "english"), ("es", "spanish")], await ChunkLanguagesAsync(schema));
    }

    [Fact]
    public async Task RenameDocumentAsync_NewTitle_IsAnalysedInTheChunksLanguage()
    {
        (KnowledgeStore store, _) = await CreateStoreAsync(o => o.KeywordLanguage = KeywordLanguage.Auto);
        await store.UpsertDocumentAsync(Record("es"), [Chunk("es", Spanish)], Ct);

        await store.RenameDocumentAsync("es", new DocumentRecord { Id = "es2", Path = "es2.md", Title = "Copias de seguridad nocturnas", FileType = "md", ContentHash = "h-es" }, Ct);

        ChunkSearchResult hit = Assert.Single(await store.SearchAsync(new ChunkSearchRequest { Keywords = "nocturna" }, Ct));
        Assert.Equal("es2", hit.Chunk.DocumentId);
    }

    [Theory]
    [InlineData(KeywordLanguage.Auto, "spanish")]
    [InlineData(KeywordLanguage.English, "english")]
    public async Task Open_SchemaFromBeforeChunkLanguages_IsMigratedReanalysedAndItsDocumentsStillMatch(KeywordLanguage setting, string spanishChunkConfiguration)
    {
        // Arrange: a schema as version 1 wrote it (one configuration, a generated tsvector column), holding two documents.
        (string schema, SchemaNames names) = await CreateVersion1SchemaAsync(
            $"""
            VALUES ('old-en', '{English}'), ('old-es', '{Spanish}')
            """);
        string[] vectorsBefore = await TsVectorsAsync(names);

        // Act: open it with this version, then add a Spanish document.
        KnowledgeStore store = OpenStore(new PostgresStoreOptions { Schema = schema, KeywordLanguage = setting });
        await store.InitializeAsync(Model, Ct);
        IReadOnlyList<DocumentChunk> oldChunks = await store.GetChunksAsync("old-es", Ct);
        string[] vectorsAfter = await TsVectorsAsync(names);
        IReadOnlyList<ChunkSearchResult> oldEnglish = await store.SearchAsync(new ChunkSearchRequest { Keywords = "run" }, Ct);
        IReadOnlyList<ChunkSearchResult> oldSpanish = await store.SearchAsync(new ChunkSearchRequest { Keywords = "filtración" }, Ct);
        IReadOnlyList<ChunkSearchResult> oldSpanishPlural = await store.SearchAsync(new ChunkSearchRequest { Keywords = "filtraciones" }, Ct);
        string[] languagesBeforeAdding = await KeywordLanguagesAsync(names);
        await store.UpsertDocumentAsync(Record("new-es"), [Chunk("new-es", Spanish.Replace("filtración", "fuga", StringComparison.Ordinal) + " Hubo filtraciones.")], Ct);
        IReadOnlyList<ChunkSearchResult> afterAdding = await store.SearchAsync(new ChunkSearchRequest { Keywords = "filtración" }, Ct);
        object? stillPending = await ScalarAsync($"SELECT value FROM {names.Store} WHERE key = 'keyword_reanalysis';");

        // Assert: every row kept; the English chunk's tsvector as before, the Spanish one re-analysed as the setting says
        // (English: unchanged); every document found by the words it was found by before.
        bool reanalysed = spanishChunkConfiguration != "english";
        Assert.Equal(3, Convert.ToInt32(await ScalarAsync($"SELECT max(version) FROM {names.SchemaVersion};"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["new-es", "old-en", "old-es"], (await store.GetDocumentsAsync(Ct)).Select(d => d.Id));
        Assert.Equal(Spanish, Assert.Single(oldChunks).Text);
        Assert.Null(oldChunks[0].OcrConfidence);
        Assert.Equal(vectorsBefore[0], vectorsAfter[0]);
        Assert.Equal(reanalysed, vectorsBefore[1] != vectorsAfter[1]);
        Assert.Null(stillPending);
        Assert.Equal(["old-en"], oldEnglish.Select(r => r.Chunk.DocumentId));
        Assert.Equal(["old-es"], oldSpanish.Select(r => r.Chunk.DocumentId));
        Assert.Equal(reanalysed ? ["old-es"] : [], oldSpanishPlural.Select(r => r.Chunk.DocumentId));
        Assert.Equal(new[] { "english", spanishChunkConfiguration }.Distinct().Order(StringComparer.Ordinal), languagesBeforeAdding);
        Assert.Equal(reanalysed ? ["new-es", "old-es"] : ["old-es"], afterAdding.Select(r => r.Chunk.DocumentId).Order(StringComparer.Ordinal));
        Assert.Equal(
            [("new-es", setting == KeywordLanguage.Auto ? "spanish" : "english"), ("old-en", "english"), ("old-es", spanishChunkConfiguration)],
            await ChunkLanguagesAsync(schema));
    }

    [Fact]
    public async Task Open_SchemaFromBeforeChunkLanguagesWithManyDocuments_ReanalysesEveryChunk()
    {
        // More documents than one re-analysis round reads (200), so every round and its boundary is crossed.
        (string schema, _) = await CreateVersion1SchemaAsync(
            $"""
            SELECT 'doc-' || lpad(i::text, 4, '0'), '{Spanish}' FROM generate_series(1, 450) i
            """);

        KnowledgeStore store = OpenStore(new PostgresStoreOptions { Schema = schema });
        await store.InitializeAsync(Model, Ct);

        (string DocumentId, string Language)[] languages = await ChunkLanguagesAsync(schema);
        Assert.Equal(450, languages.Length);
        Assert.All(languages, l => Assert.Equal("spanish", l.Language));
        Assert.Equal(10, (await store.SearchAsync(new ChunkSearchRequest { Keywords = "filtraciones", Top = 10 }, Ct)).Count);
    }

    /// <summary>Creates a schema as version 1 wrote it, holding one document of one chunk per (id, text) row of the query <paramref name="rows"/>.</summary>
    private async Task<(string Schema, SchemaNames Names)> CreateVersion1SchemaAsync(string rows)
    {
        string schema = NewSchema();
        var names = new SchemaNames(schema);
        await ExecuteAsync(
            $"""
            CREATE EXTENSION IF NOT EXISTS vector;
            CREATE SCHEMA {names.Schema};
            CREATE TABLE {names.SchemaVersion} (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            {SchemaMigrator.Migrations(names, "english")[0].Sql}
            INSERT INTO {names.SchemaVersion} (version, description) VALUES (1, 'documents, chunks, full-text index');
            INSERT INTO {names.Documents} (id, path, title, file_type, size, last_modified_ticks, last_modified_offset_minutes, content_hash, status, error, chunk_count, indexed_at_ticks, indexed_at_offset_minutes, tags)
            SELECT r.id, r.id || '.md', NULL, 'md', 1, 0, 0, 'h', 0, NULL, 1, 0, 0, ARRAY[]::text[] FROM ({rows}) AS r(id, text);
            INSERT INTO {names.Chunks} (document_id, idx, text, path, title, heading_path, headings, start_offset, end_offset, content_hash, file_type, tags)
            SELECT r.id, 0, r.text, r.id || '.md', NULL, ARRAY[]::text[], '', 0, length(r.text), 'c0', 'md', ARRAY[]::text[] FROM ({rows}) AS r(id, text);
            """);
        return (schema, names);
    }

    private static DocumentRecord Record(string id) => new() { Id = id, Path = id + ".md", FileType = "md", ContentHash = "h-" + id, ChunkCount = 1 };

    private static DocumentChunk Chunk(string documentId, string text) => new()
    {
        DocumentId = documentId,
        Index = 0,
        Text = text,
        Path = documentId + ".md",
        ContentHash = "c0",
        FileType = "md",
        Embedding = new float[] { 1, 0, 0, 0 },
    };

    // Each helper holds its connection only while it runs: PGlite's pool has one, which the store needs too.
    private static async Task ExecuteAsync(string sql)
    {
        await using NpgsqlConnection connection = await PostgresTestDatabase.DataSource.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<object?> ScalarAsync(string sql)
    {
        await using NpgsqlConnection connection = await PostgresTestDatabase.DataSource.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }

    private static Task<string[]> TsVectorsAsync(SchemaNames names) =>
        ReadAsync($"SELECT search::text FROM {names.Chunks} ORDER BY document_id;", r => r.GetString(0));

    private static Task<string[]> KeywordLanguagesAsync(SchemaNames names) =>
        ReadAsync($"SELECT name FROM {names.KeywordLanguages} ORDER BY name COLLATE \"C\";", r => r.GetString(0));

    private static Task<(string DocumentId, string Language)[]> ChunkLanguagesAsync(string schema) =>
        ReadAsync($"SELECT document_id, language FROM \"{schema}\".chunks ORDER BY document_id, idx;", r => (r.GetString(0), r.GetString(1)));

    private static async Task<T[]> ReadAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using NpgsqlConnection connection = await PostgresTestDatabase.DataSource.OpenConnectionAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(read(reader));
        }

        return [.. rows];
    }
}
