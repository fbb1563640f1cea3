// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using Rag.TestUtilities;

namespace Rag.Connectors.Sqlite.Tests.Knowledge;

public sealed class SqliteKnowledgeStoreTests : IDisposable
{
    private static readonly EmbeddingModelInfo s_model = new("test-model", 4);
    private readonly TemporaryDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    private string DbPath(string name = "kb.db") => Path.Combine(_directory.Path, name);

    private static DocumentRecord Doc(string id, string? title = null) => new() { Id = id, Path = id + ".md", Title = title, FileType = "md", ContentHash = "h-" + id };

    private static DocumentChunk Chunk(string documentId, int index, string text, float[]? vector = null, string? hash = null, string? title = null) => new()
    {
        Title = title,
        DocumentId = documentId,
        Index = index,
        Text = text,
        Path = documentId + ".md",
        ContentHash = hash ?? "c" + index,
        Embedding = vector ?? [1, index, 0, 0],
    };

    [Fact]
    public async Task UpsertDocumentsAsync_BadChunkInTheLastDocument_StoresNoneOfTheBatch()
    {
        using KnowledgeStore store = SqliteKnowledgeStore.Open(DbPath());
        await store.InitializeAsync(s_model, Ct);
        await store.UpsertDocumentAsync(Doc("a"), [Chunk("a", 0, "kept text")], Ct);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertDocumentsAsync(
        [
            new DocumentUpsert(Doc("new"), [Chunk("new", 0, "new text")]),
            new DocumentUpsert(Doc("a"), [Chunk("a", 0, "replacing text", [1, 0])]),
        ], Ct));

        Assert.Contains("'a#0'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["a"], (await store.GetDocumentsAsync(Ct)).Select(d => d.Id));
        Assert.Equal("kept text", Assert.Single(await store.GetChunksAsync("a", Ct)).Text);
    }

    [Fact]
    public async Task UpsertDocumentsAsync_CanceledDuringTheWrite_StoresNoneOfTheBatch()
    {
        using KnowledgeStore store = SqliteKnowledgeStore.Open(DbPath());
        await store.InitializeAsync(s_model, Ct);
        await store.UpsertDocumentAsync(Doc("a"), [Chunk("a", 0, "kept text")], Ct);
        using var cancel = new CancellationTokenSource();

        // Chunk 100's heading path cancels the token when it is read the second time: by the chunk writer, inside the
        // transaction (the first read is the keyword analysis, before it).
        DocumentChunk[] big = [.. Enumerable.Range(0, 200).Select(i => Chunk("big", i, "chunk number " + i))];
        big[100] = new DocumentChunk { DocumentId = "big", Index = 100, Text = "chunk number 100", Path = "big.md", ContentHash = "c100", Embedding = new float[] { 1, 0, 0, 0 }, HeadingPath = new CancelOnSecondRead(cancel) };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.UpsertDocumentsAsync(
        [
            new DocumentUpsert(Doc("a"), [Chunk("a", 0, "replacing text")]),
            new DocumentUpsert(Doc("big"), big),
        ], cancel.Token));

        Assert.Equal(["a"], (await store.GetDocumentsAsync(Ct)).Select(d => d.Id));
        Assert.Equal("kept text", Assert.Single(await store.GetChunksAsync("a", Ct)).Text);
        Assert.Equal("a#0", Assert.Single(await store.SearchAsync(new ChunkSearchRequest { Keywords = "kept text replacing chunk" }, Ct)).Chunk.Key);
    }

    [Theory]
    [InlineData("canción", "La cancion del verano")]
    [InlineData("cancion", "La canción del verano")]
    [InlineData("éleve", "Un élève studieux")]
    [InlineData("ELEVE", "Un élève studieux")]
    [InlineData("garçon", "le garcon joue")]
    public async Task SearchAsync_AccentedOrUnaccentedKeywords_MatchEitherSpelling(string query, string text)
    {
        using KnowledgeStore store = SqliteKnowledgeStore.Open(DbPath());
        await store.InitializeAsync(s_model, Ct);
        await store.UpsertDocumentAsync(Doc("es"), [Chunk("es", 0, text), Chunk("es", 1, "nada que ver")], Ct);

        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = query }, Ct);

        Assert.Equal(text, Assert.Single(results).Chunk.Text);
    }

    [Fact]
    public async Task SearchAsync_TitleMatch_OutranksBodyMatch()
    {
        using KnowledgeStore store = SqliteKnowledgeStore.Open(DbPath());
        await store.InitializeAsync(s_model, Ct);
        await store.UpsertDocumentAsync(Doc("a", "Nothing relevant"), [Chunk("a", 0, "The telescope observes galaxies and other distant objects in the sky.", title: "Nothing relevant")], Ct);
        await store.UpsertDocumentAsync(Doc("b", "Telescope manual"), [Chunk("b", 0, "Instructions for the instrument and other distant objects in the sky.", title: "Telescope manual")], Ct);

        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = "telescope" }, Ct);

        Assert.Equal(["b", "a"], results.Select(r => r.Chunk.DocumentId));
    }

    [Fact]
    public async Task InitializeAsync_ReopenedWithOtherModel_ThrowsMismatchNamingPathAndKeepsData()
    {
        string path = DbPath();
        using (KnowledgeStore first = SqliteKnowledgeStore.Open(path))
        {
            await first.InitializeAsync(s_model, Ct);
            await first.UpsertDocumentAsync(Doc("a"), [Chunk("a", 0, "kept")], Ct);
        }

        using KnowledgeStore reopened = SqliteKnowledgeStore.Open(path);
        var ex = await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => reopened.InitializeAsync(new EmbeddingModelInfo("test-model", 8), Ct));

        Assert.Equal(Path.GetFullPath(path), ex.Data["DatabasePath"]);
        Assert.Equal(s_model, await reopened.GetEmbeddingModelAsync(Ct));
        Assert.Single(await reopened.SearchAsync(new ChunkSearchRequest { Vector = new float[] { 1, 0, 0, 0 } }, Ct));
    }

    [Fact]
    public async Task Open_NotADatabase_ThrowsNamingPathAndLeavesFileUntouched()
    {
        string path = DbPath();
        byte[] garbage = [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))];
        await File.WriteAllBytesAsync(path, garbage, Ct);
        using KnowledgeStore store = SqliteKnowledgeStore.Open(path);

        var ex = await Assert.ThrowsAsync<VectorStoreException>(() => store.InitializeAsync(s_model, Ct));

        Assert.Contains(Path.GetFullPath(path), ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a database", ex.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(path, Ct));
    }

    [Fact]
    public async Task UpsertDocumentAsync_OcrChunk_KeepsItsConfidenceAndAnIndexFromBeforeOcrStillOpens()
    {
        // Arrange: an index as written before OCR (no ocr_confidence column), then one OCR'd chunk.
        string path = DbPath();
        using (KnowledgeStore store = SqliteKnowledgeStore.Open(path))
        {
            await store.InitializeAsync(s_model, Ct);
            await store.UpsertDocumentAsync(Doc("typed"), [Chunk("typed", 0, "typed text")], Ct);
        }

        using (var raw = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            raw.Open();
            using SqliteCommand drop = raw.CreateCommand();
            drop.CommandText = "ALTER TABLE chunks DROP COLUMN ocr_confidence;";
            drop.ExecuteNonQuery();
        }

        // Act: read-only (never altered) reads it; read-write adds the column and keeps a new chunk's confidence.
        IReadOnlyList<DocumentChunk> readOnlyChunks;
        using (KnowledgeStore readOnly = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { ReadOnly = true }))
        {
            readOnlyChunks = await readOnly.GetChunksAsync("typed", Ct);
        }

        using KnowledgeStore writer = SqliteKnowledgeStore.Open(path);
        await writer.InitializeAsync(s_model, Ct);
        await writer.UpsertDocumentAsync(Doc("scan"), [new DocumentChunk { DocumentId = "scan", Index = 0, Text = "scanned text", Path = "scan.md", ContentHash = "c0", Embedding = new float[] { 1, 0, 0, 0 }, PageNumber = 2, OcrConfidence = 0.93 }], Ct);
        IReadOnlyList<DocumentChunk> scanned = await writer.GetChunksAsync("scan", Ct);
        IReadOnlyList<DocumentChunk> typed = await writer.GetChunksAsync("typed", Ct);

        // Assert
        Assert.Null(Assert.Single(readOnlyChunks).OcrConfidence);
        Assert.Equal(0.93, Assert.Single(scanned).OcrConfidence);
        Assert.Equal(2, scanned[0].PageNumber);
        Assert.Null(Assert.Single(typed).OcrConfidence);
    }

    [Theory]
    [InlineData(0.0, 1.5, 1.0, "TitleWeight")]
    [InlineData(2.0, -1.0, 1.0, "HeadingWeight")]
    [InlineData(2.0, 1.5, double.NaN, "TextWeight")]
    [InlineData(2.0, 1.5, 101.0, "TextWeight")]
    public void Open_FullTextWeightOutOfRange_ThrowsNamingTheWeightAndCreatesNothing(double title, double heading, double text, string name)
    {
        string path = DbPath();

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { TitleWeight = title, HeadingWeight = heading, TextWeight = text }));

        Assert.Equal(name, error.ParamName);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("BusyTimeout")]
    [InlineData("FullTextTokenizer")]
    [InlineData("KeywordLanguage")]
    [InlineData("KeywordCacheMegabytes")]
    public void Open_OptionInvalid_ThrowsNamingTheOptionAndCreatesNothing(string name)
    {
        string path = DbPath();
        var options = new SqliteStoreOptions();
        switch (name)
        {
            case "BusyTimeout": options.BusyTimeout = TimeSpan.FromSeconds(-1); break;
            case "FullTextTokenizer": options.FullTextTokenizer = " "; break;
            case "KeywordCacheMegabytes": options.KeywordCacheMegabytes = -1; break;
            default: options.KeywordLanguage = (KeywordLanguage)42; break;
        }

        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => SqliteKnowledgeStore.Open(path, options));

        Assert.Equal(name, error.ParamName);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task UpsertDocumentAsync_WriteLockedByAnotherConnection_ThrowsNamingPathAndKeepsData()
    {
        // Arrange
        string path = DbPath();
        using KnowledgeStore store = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { BusyTimeout = TimeSpan.FromMilliseconds(200) });
        await store.InitializeAsync(s_model, Ct);
        await store.UpsertDocumentAsync(Doc("a"), [Chunk("a", 0, "committed before the lock")], Ct);
        using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        other.Open();
        using SqliteTransaction held = other.BeginTransaction();
        using (SqliteCommand write = other.CreateCommand())
        {
            write.Transaction = held;
            write.CommandText = "INSERT INTO rag_meta(key, value) VALUES ('other', 'writer');";
            write.ExecuteNonQuery();
        }

        // Act
        var ex = await Assert.ThrowsAsync<VectorStoreException>(() => store.UpsertDocumentAsync(Doc("b"), [Chunk("b", 0, "blocked")], Ct));
        IReadOnlyList<ChunkSearchResult> duringLock = await store.SearchAsync(new ChunkSearchRequest { Keywords = "committed" }, Ct);
        held.Rollback();
        await store.UpsertDocumentAsync(Doc("b"), [Chunk("b", 0, "after the lock")], Ct);

        // Assert
        Assert.Contains(Path.GetFullPath(path), ex.Message, StringComparison.Ordinal);
        Assert.Contains("locked", ex.Message, StringComparison.Ordinal);
        Assert.Single(duringLock);
        Assert.Equal(["a", "b"], (await store.GetDocumentsAsync(Ct)).Select(d => d.Id));
    }

    [Fact]
    public async Task SearchAsync_DuringWrites_NeverSeesHalfADocument()
    {
        // Arrange: every version of a document has the same number of chunks, all containing "shared".
        const int ChunksPerDocument = 25;
        using KnowledgeStore store = SqliteKnowledgeStore.Open(DbPath());
        await store.InitializeAsync(s_model, Ct);
        using var done = new CancellationTokenSource();
        int violations = 0;
        int searches = 0;

        async Task ReaderAsync()
        {
            while (!done.IsCancellationRequested)
            {
                IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Vector = new float[] { 1, 1, 1, 1 }, Keywords = "shared", Top = 10_000 }, Ct);
                foreach (IGrouping<string, ChunkSearchResult> group in results.GroupBy(r => r.Chunk.DocumentId))
                {
                    if (group.Count() != ChunksPerDocument || group.Select(r => r.Chunk.ContentHash).Distinct().Count() != 1)
                    {
                        Interlocked.Increment(ref violations);
                    }
                }

                Interlocked.Increment(ref searches);
                await Task.Yield();
            }
        }

        Task[] readers = [.. Enumerable.Range(0, 3).Select(_ => Task.Run(ReaderAsync, Ct))];

        // Act: one writer replaces documents, version after version, until the readers have searched while it wrote (on a
        // loaded machine they may start late).
        for (int version = 0; version < 20 || (Volatile.Read(ref searches) < 20 && version < 2_000); version++)
        {
            for (int d = 0; d < 5; d++)
            {
                string id = "doc" + d;
                DocumentChunk[] chunks = [.. Enumerable.Range(0, ChunksPerDocument).Select(i => Chunk(id, i, $"shared text v{version} chunk {i}", [1, i, version, d], "v" + version))];
                await store.UpsertDocumentAsync(Doc(id), chunks, Ct);
            }
        }

        await done.CancelAsync();
        await Task.WhenAll(readers);

        // Assert
        Assert.True(searches >= 20, $"{searches} searches ran during the writes.");
        Assert.Equal(0, violations);
    }

    /// <summary>A one-heading path that cancels a token when it is enumerated the second time.</summary>
    private sealed class CancelOnSecondRead(CancellationTokenSource cancel) : IReadOnlyList<string>
    {
        private int _reads;

        public int Count => 1;

        public string this[int index] => index == 0 ? "Heading" : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<string> GetEnumerator()
        {
            if (++_reads == 2)
            {
                cancel.Cancel();
            }

            yield return "Heading";
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
