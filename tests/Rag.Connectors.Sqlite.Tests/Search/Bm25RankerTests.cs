// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Data.Sqlite;
using Rag.Connectors.Search;
using Rag.Connectors.Sqlite.Search.Analysis;
using Rag.Connectors.Sqlite.Search.Keywords;
using Rag.TestUtilities;

namespace Rag.Connectors.Sqlite.Tests.Search;

/// <summary>
/// The in-memory BM25 ranker against FTS5's own <c>bm25()</c> on the same file: the same top-10 rows and scores for
/// English (the repository's docs, Porter-stemmed by FTS5) and Spanish text (stemmed by the analyser), with title and
/// heading weights, after another connection changes the table, and after writes of the ranker's own store (deleted,
/// rewritten and inserted rows applied to its cache without reading any posting list again).
/// </summary>
public sealed class Bm25RankerTests : IDisposable
{
    private const string Tokenizer = "porter unicode61 remove_diacritics 2";
    private static readonly double[] s_weights = [2.0, 1.5, 1.0];

    private static readonly string[] s_queries =
    [
        "the store", "search results", "how fast is keyword search", "vector index memory", "install the package", "test fails",
        "chunk text title heading", "error message names the file", "benchmark p50", "PostgreSQL", "ingestion throughput",
        "configuración del sistema", "instalar paquetes", "la red", "archivo de texto", "errores", "sistema", "zzzunknownword",
    ];

    private static readonly string[] s_spanish =
    [
        "Para instalar los paquetes nuevos del sistema, el administrador ejecuta la orden apt y confirma que la instalación termina sin errores.",
        "La configuración de la red se guarda en un archivo de texto que el sistema lee cuando arranca.",
        "También se puede cambiar la configuración con una herramienta gráfica del escritorio.",
        "Los registros del núcleo se conservan en el sistema de archivos durante varios días.",
        "Un paquete declara sus dependencias, y el gestor de paquetes las instala antes que él.",
        "Si la instalación falla, el sistema muestra los errores y deja los archivos como estaban.",
    ];

    private readonly TemporaryDirectory _directory = new();
    private readonly FullTextTokenizer _tokenizer = new(Tokenizer);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly List<KnowledgeStore> _stores = [];

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _tokenizer.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Search_GivesFts5Bm25TopTenAndScores_EnglishAndSpanish()
    {
        string path = await BuildStoreAsync();
        using var ranker = new Bm25Ranker("chunks_fts", _tokenizer, s_weights);
        using SqliteConnection connection = Open(path);

        int compared = AssertSameAsFts5(ranker, connection, path);

        Assert.True(compared >= 15, $"only {compared} queries matched anything");
    }

    [Fact]
    public async Task Search_AfterAnotherConnectionWrites_MatchesTheChangedTable()
    {
        string path = await BuildStoreAsync();
        using var ranker = new Bm25Ranker("chunks_fts", _tokenizer, s_weights);
        using SqliteConnection connection = Open(path);
        AssertSameAsFts5(ranker, connection, path);

        using (KnowledgeStore store = SqliteKnowledgeStore.Open(path))
        {
            await UpsertAsync(store, "added", "Search search search", "The store answers every search of the store from memory.", 0);
            await store.DeleteDocumentAsync("es-3", Ct);
        }

        AssertSameAsFts5(ranker, connection, path);
        Assert.Contains(ranker.Search(connection, Expression(path, "the store"), 10)!, r => r.RowId == Scalar(path, "SELECT max(_rowid) FROM chunks"));
    }

    [Fact]
    public async Task Search_AfterOwnWritesApplied_MatchesTheTableWithoutReadingListsAgain()
    {
        string path = await BuildStoreAsync();
        using var ranker = new Bm25Ranker("chunks_fts", _tokenizer, s_weights);
        using SqliteConnection connection = Open(path);
        AssertSameAsFts5(ranker, connection, path);
        long listsRead = ranker.PostingListsRead;
        long first = Scalar(path, "SELECT min(rowid) FROM chunks_fts");
        long last = Scalar(path, "SELECT max(rowid) FROM chunks_fts");

        // Deletes the first and last rows, retitles the second, and inserts the last row id again and one after it.
        using (SqliteTransaction transaction = connection.BeginTransaction())
        {
            Bm25Write write = ranker.BeginWrite(connection, transaction) ?? throw new InvalidOperationException("nothing cached");
            write.Removing(connection, transaction, [first, last, first + 1]);
            Execute(connection, transaction, $"DELETE FROM chunks_fts WHERE rowid IN ({first}, {last});");
            Execute(connection, transaction, $"UPDATE chunks_fts SET title = 'search store store' WHERE rowid = {first + 1};");
            Execute(connection, transaction, $"INSERT INTO chunks_fts (rowid, title, headings, text, lang) VALUES ({last}, 'Store', 'Search', 'The store answers every search of the store from memory.', 'en'), ({last + 1}, 'Red', '', 'La configuración de la red y los paquetes del sistema.', 'es');");
            write.Added([first + 1, last, last + 1]);
            write.Finish(connection, transaction);
            transaction.Commit();
            ranker.Apply(write);
        }

        AssertSameAsFts5(ranker, connection, path);
        Assert.Equal(listsRead, ranker.PostingListsRead);
        Assert.Contains(ranker.Search(connection, Expression(path, "the store"), 10)!, r => r.RowId == last);
    }

    [Fact]
    public async Task Search_AfterTheStoresOwnUpsertReplaceRenameDelete_MatchesBm25InSql()
    {
        (KnowledgeStore store, KnowledgeStore inSql) = await OpenAgreeingStoresAsync();

        await UpsertAsync(store, "added", "Search search search", "The store answers every search of the store from memory.", 0);
        await AssertStoresAgreeAsync(store, inSql);
        await UpsertAsync(store, "es-1", "Red del sistema", "La red y el sistema de archivos: instalar paquetes sin errores.", 1);
        await AssertStoresAgreeAsync(store, inSql);
        await store.RenameDocumentAsync("es-2", Record("es-renamed", "Configuración de la tienda y la búsqueda"), Ct);
        await AssertStoresAgreeAsync(store, inSql);
        await store.DeleteDocumentAsync("es-3", Ct);
        await store.DeleteDocumentAsync("added", Ct);
        await AssertStoresAgreeAsync(store, inSql);
        await UpsertAsync(store, "added-again", "Store", "Search the store: vector index memory and keyword search.", 0);
        await AssertStoresAgreeAsync(store, inSql);
    }

    [Fact]
    public async Task Search_AfterTheStoresOwnBatchUpsert_MatchesBm25InSql()
    {
        (KnowledgeStore store, KnowledgeStore inSql) = await OpenAgreeingStoresAsync();

        // Two documents replaced and two added in one transaction; the cache is updated from all four.
        await store.UpsertDocumentsAsync(
        [
            Upsert("es-1", "Red del sistema", "La red y el sistema de archivos: instalar paquetes sin errores.", 0),
            Upsert("added", "Search search search", "The store answers every search of the store from memory.", 0),
            Upsert("es-2", "Store", "Search the store: vector index memory and keyword search.", 1),
            Upsert("added-too", "Búsqueda", "La búsqueda de la tienda y la configuración de la red.", 0),
        ], Ct);
        await AssertStoresAgreeAsync(store, inSql);
    }

    [Fact]
    public async Task Search_CacheBudgetOfNothing_MatchesFts5AndReadsListsAgain()
    {
        string path = await BuildStoreAsync();
        using var ample = new Bm25Ranker("chunks_fts", _tokenizer, s_weights);
        using var none = new Bm25Ranker("chunks_fts", _tokenizer, s_weights, cacheBytes: 0);
        using SqliteConnection connection = Open(path);
        AssertSameAsFts5(ample, connection, path);
        AssertSameAsFts5(none, connection, path);
        long ampleRead = ample.PostingListsRead;
        long noneRead = none.PostingListsRead;

        AssertSameAsFts5(ample, connection, path);
        AssertSameAsFts5(none, connection, path);

        Assert.Equal(ampleRead, ample.PostingListsRead);
        Assert.True(none.PostingListsRead >= noneRead * 2 - 2, $"{none.PostingListsRead} lists read after {noneRead}: the second pass should read nearly all again");
        Assert.True(none.CachedBytes * 4 < ample.CachedBytes, $"{none.CachedBytes} bytes kept without a budget, {ample.CachedBytes} with");
    }

    [Fact]
    public async Task Search_WhileTheStoreRewritesADocumentUnchanged_AlwaysGivesTheSameScores()
    {
        (KnowledgeStore store, _) = await OpenAgreeingStoresAsync();
        const string Query = "the store search";
        double[] expected = [.. (await store.SearchAsync(new ChunkSearchRequest { Keywords = Query }, Ct)).Select(r => r.Score)];
        Assert.NotEmpty(expected);
        DocumentUpsert same = Upsert("added", "Search search search", "The store answers every search of the store from memory.", 0);
        await store.UpsertDocumentsAsync([same], Ct);
        expected = [.. (await store.SearchAsync(new ChunkSearchRequest { Keywords = Query }, Ct)).Select(r => r.Score)];

        // Each rewrite deletes the document's rows and inserts them again (new row ids, the same lengths and averages), and
        // the cache applies it in place: every search must see the table before or after a write, never between.
        Task writer = Task.Run(
            async () =>
            {
                for (int i = 0; i < 60; i++)
                {
                    await store.UpsertDocumentsAsync([same], Ct);
                }
            },
            Ct);
        int searches = 0;
        while (!writer.IsCompleted)
        {
            IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = Query }, Ct);
            Assert.Equal(expected, results.Select(r => r.Score));
            searches++;
        }

        await writer;
        Assert.True(searches > 10, $"only {searches} searches ran during the writes");
    }

    [Fact]
    public void Search_WordTheTokenizerSplits_IsLeftToFts5()
    {
        using var ranker = new Bm25Ranker("chunks_fts", _tokenizer, s_weights);
        using SqliteConnection connection = Open(Path.Combine(_directory.Path, "unused.db"));

        Assert.Null(ranker.Search(connection, "\"well-known\"", 10));
    }

    /// <summary>Compares every query's ranking with FTS5's; returns how many queries matched rows.</summary>
    private int AssertSameAsFts5(Bm25Ranker ranker, SqliteConnection connection, string path)
    {
        int compared = 0;
        foreach (string query in s_queries)
        {
            string expression = Expression(path, query);
            List<ScoredRow> expected = Fts5(connection, expression, 10);
            List<ScoredRow> actual = ranker.Search(connection, expression, 10) ?? throw new InvalidOperationException($"'{query}' was not ranked in memory");
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Score, actual[i].Score, 1e-9);
            }

            // Rows of equal score may come in either order; each distinct score holds the same rows.
            Assert.Equal(
                expected.Where(e => e.Score > expected[^1].Score + 1e-9).Select(e => e.RowId).Order(),
                actual.Where(a => a.Score > expected[^1].Score + 1e-9).Select(a => a.RowId).Order());
            compared += expected.Count > 0 ? 1 : 0;
        }

        return compared;
    }

    /// <summary>Keyword-only searches of every query give the same scores and rows from both stores.</summary>
    private static async Task AssertStoresAgreeAsync(KnowledgeStore inMemory, KnowledgeStore inSql)
    {
        foreach (string query in s_queries)
        {
            IReadOnlyList<ChunkSearchResult> expected = await inSql.SearchAsync(new ChunkSearchRequest { Keywords = query }, Ct);
            IReadOnlyList<ChunkSearchResult> actual = await inMemory.SearchAsync(new ChunkSearchRequest { Keywords = query }, Ct);
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Score, actual[i].Score, 1e-9);
            }

            Assert.Equal(
                expected.Where(e => e.Score > expected[^1].Score + 1e-9).Select(e => e.Chunk.ContentHash).Order(StringComparer.Ordinal),
                actual.Where(a => a.Score > expected[^1].Score + 1e-9).Select(a => a.Chunk.ContentHash).Order(StringComparer.Ordinal));
        }
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string Expression(string path, string query)
    {
        string languages = SqliteScalarText(path, "SELECT value FROM rag_meta WHERE key = 'knowledge.keyword_languages'");
        return new KeywordAnalyzer(KeywordLanguage.Auto).BuildQuery(query, languages.Split(',', StringSplitOptions.RemoveEmptyEntries), _tokenizer)!;
    }

    private static List<ScoredRow> Fts5(SqliteConnection connection, string expression, int top)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT rowid, -bm25(chunks_fts, 2.0, 1.5, 1.0) FROM chunks_fts WHERE chunks_fts MATCH $match ORDER BY 2 DESC LIMIT $top;";
        command.Parameters.AddWithValue("$match", expression);
        command.Parameters.AddWithValue("$top", top);
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<ScoredRow>();
        while (reader.Read())
        {
            rows.Add(new ScoredRow(reader.GetInt64(0), reader.GetDouble(1)));
        }

        return rows;
    }

    /// <summary>A store of the repository's docs (a chunk per paragraph, with its file's title and section heading) and Spanish paragraphs.</summary>
    private async Task<string> BuildStoreAsync()
    {
        string path = Path.Combine(_directory.Path, "kb.db");
        using KnowledgeStore store = SqliteKnowledgeStore.Open(path);
        foreach (string file in Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            string id = Path.GetFileNameWithoutExtension(file);
            var chunks = new List<DocumentChunk>();
            string heading = string.Empty;
            foreach (string paragraph in File.ReadAllText(file).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (paragraph.StartsWith('#'))
                {
                    heading = paragraph.TrimStart('#', ' ');
                    continue;
                }

                chunks.Add(Chunk(id, chunks.Count, id.Replace('-', ' '), heading, paragraph));
            }

            await store.UpsertDocumentAsync(Record(id, id.Replace('-', ' ')), chunks, Ct);
        }

        for (int d = 0; d < s_spanish.Length; d++)
        {
            await UpsertAsync(store, "es-" + d, "Guía del sistema " + d, string.Join(' ', s_spanish.Skip(d).Concat(s_spanish.Take(d))), d);
        }

        Assert.True(Scalar(path, "SELECT count(*) FROM chunks") > 250);
        return path;
    }

    private static DocumentChunk Chunk(string id, int index, string title, string heading, string text) => new()
    {
        DocumentId = id, Index = index, Text = text, Title = title, HeadingPath = heading.Length == 0 ? [] : [heading], Path = id + ".md",
        ContentHash = $"c-{id}-{index}", EndOffset = text.Length,
    };

    private static DocumentRecord Record(string id, string title) => new() { Id = id, Path = id + ".md", Title = title, FileType = "md", ContentHash = "h-" + id };

    /// <summary>A built store opened twice, ranking in memory and with <c>bm25()</c> in SQL, checked to agree; both disposed after the test.</summary>
    private async Task<(KnowledgeStore InMemory, KnowledgeStore InSql)> OpenAgreeingStoresAsync()
    {
        string path = await BuildStoreAsync();
        KnowledgeStore store = SqliteKnowledgeStore.Open(path);
        _stores.Add(store);
        KnowledgeStore inSql = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { RankKeywordsInMemory = false });
        _stores.Add(inSql);
        await AssertStoresAgreeAsync(store, inSql);
        return (store, inSql);
    }

    private static Task UpsertAsync(KnowledgeStore store, string id, string title, string text, int index) =>
        store.UpsertDocumentAsync(Record(id, title), [Chunk(id, index, title, "Sección " + index, text)], Ct);

    private static DocumentUpsert Upsert(string id, string title, string text, int index) =>
        new(Record(id, title), [Chunk(id, index, title, "Sección " + index, text)]);

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static long Scalar(string path, string sql) => long.Parse(SqliteScalarText(path, sql), System.Globalization.CultureInfo.InvariantCulture);

    private static string SqliteScalarText(string path, string sql)
    {
        using SqliteConnection connection = Open(path);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
