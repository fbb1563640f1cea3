// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.ConformanceTests.Store;

/// <summary>
/// The behaviour every <see cref="KnowledgeStore"/> must show. Derive once per store (SQLite, PostgreSQL, ...) and
/// implement <see cref="CreateStore"/>; each test gets a new, empty store.
/// </summary>
public abstract partial class KnowledgeStoreConformanceTests : IDisposable
{
    protected static readonly EmbeddingModelInfo Model = new("conformance-model", 4);

    private readonly List<KnowledgeStore> _stores = [];

    /// <summary>Creates a new, empty store.</summary>
    protected abstract KnowledgeStore CreateEmptyStore();

    public void Dispose()
    {
        foreach (KnowledgeStore store in _stores)
        {
            store.Dispose();
        }

        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    protected async Task<KnowledgeStore> CreateStore()
    {
        KnowledgeStore store = CreateEmptyStore();
        _stores.Add(store);
        await store.InitializeAsync(Model, TestContext.Current.CancellationToken);
        return store;
    }

    protected static DocumentRecord Record(string id, string path, DocumentStatus status = DocumentStatus.Indexed, string? error = null, string[]? tags = null, int chunks = 0) => new()
    {
        Id = id,
        Path = path,
        Title = "Title of " + id,
        FileType = Path.GetExtension(path).TrimStart('.'),
        Size = 123,
        LastModified = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
        ContentHash = "hash-" + id,
        Status = status,
        Error = error,
        ChunkCount = chunks,
        IndexedAt = new DateTimeOffset(2025, 2, 3, 4, 5, 6, TimeSpan.Zero),
        Tags = tags ?? [],
    };

    protected static DocumentChunk Chunk(DocumentRecord document, int index, string text, float[] embedding) => new()
    {
        DocumentId = document.Id,
        Index = index,
        Text = text,
        Path = document.Path,
        Title = document.Title,
        HeadingPath = ["Intro", "Part " + index],
        PageNumber = index + 1,
        StartLine = 1,
        EndLine = 2,
        StartOffset = index * 100,
        EndOffset = (index * 100) + text.Length,
        ContentHash = "chunk-hash-" + index,
        FileType = document.FileType,
        Tags = document.Tags,
        Embedding = embedding,
    };

    /// <summary>A new store holding <see cref="SeedAsync"/>'s documents.</summary>
    protected async Task<KnowledgeStore> CreateSeededStoreAsync()
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);
        return store;
    }

    protected static async Task SeedAsync(KnowledgeStore store)
    {
        DocumentRecord cats = Record("cats", "animals/cats.md", tags: ["pets"]);
        DocumentRecord rockets = Record("rockets", "space/rockets.txt", tags: ["science"]);
        DocumentRecord broken = Record("broken", "space/broken.pdf", DocumentStatus.Failed, "Encrypted PDF");
        CancellationToken ct = TestContext.Current.CancellationToken;
        await store.UpsertDocumentAsync(cats, [Chunk(cats, 0, "Cats purr and sleep all day.", [1, 0, 0, 0]), Chunk(cats, 1, "Kittens chase yarn.", [0.9f, 0.1f, 0, 0])], ct);
        await store.UpsertDocumentAsync(rockets, [Chunk(rockets, 0, "Rockets burn fuel to reach orbit.", [0, 0, 1, 0]), Chunk(rockets, 1, "Orbital launches need cats? No, engines.", [0, 0, 0.9f, 0.1f])], ct);
        await store.UpsertDocumentAsync(broken, [], ct);
    }

    [Fact]
    public async Task GetEmbeddingModelAsync_AfterInitialize_ReturnsModel()
    {
        KnowledgeStore store = await CreateStore();

        Assert.Equal(Model, await store.GetEmbeddingModelAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task InitializeAsync_OtherModel_ThrowsMismatch()
    {
        KnowledgeStore store = await CreateStore();

        var ex = await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => store.InitializeAsync(new EmbeddingModelInfo("other", 8), TestContext.Current.CancellationToken));

        Assert.Equal(Model, ex.Stored);
        Assert.Equal(8, ex.Requested.Dimensions);
    }

    [Fact]
    public async Task GetDocumentsAsync_AfterUpserts_ReturnsIndexedAndFailedRecordsByPath()
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);

        IReadOnlyList<DocumentRecord> documents = await store.GetDocumentsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["animals/cats.md", "space/broken.pdf", "space/rockets.txt"], documents.Select(d => d.Path));
        DocumentRecord broken = documents[1];
        Assert.Equal(DocumentStatus.Failed, broken.Status);
        Assert.Equal("Encrypted PDF", broken.Error);
        Assert.Equal(0, broken.ChunkCount);
        DocumentRecord cats = documents[0];
        Assert.Equal(2, cats.ChunkCount);
        Assert.Equal(Record("cats", "animals/cats.md").LastModified, cats.LastModified);
        Assert.Equal(["pets"], cats.Tags);
        Assert.Equal("md", cats.FileType);
    }

    [Fact]
    public async Task GetChunksAsync_Upserted_RoundTripsCitationFieldsWithoutEmbeddings()
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);

        IReadOnlyList<DocumentChunk> chunks = await store.GetChunksAsync("cats", TestContext.Current.CancellationToken);

        Assert.Equal(2, chunks.Count);
        DocumentChunk second = chunks[1];
        Assert.Equal("cats#1", second.Key);
        Assert.Equal("Kittens chase yarn.", second.Text);
        Assert.Equal(["Intro", "Part 1"], second.HeadingPath);
        Assert.Equal(2, second.PageNumber);
        Assert.Equal(100, second.StartOffset);
        Assert.Equal(100 + second.Text.Length, second.EndOffset);
        Assert.Equal("chunk-hash-1", second.ContentHash);
        Assert.True(second.Embedding.IsEmpty);
        Assert.Empty(await store.GetChunksAsync("unknown", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UpsertDocumentAsync_Existing_ReplacesAllChunks()
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);
        DocumentRecord cats = Record("cats", "animals/cats.md", chunks: 1);

        await store.UpsertDocumentAsync(cats, [Chunk(cats, 0, "Lions roar loudly.", [0, 1, 0, 0])], TestContext.Current.CancellationToken);

        IReadOnlyList<DocumentChunk> chunks = await store.GetChunksAsync("cats", TestContext.Current.CancellationToken);
        Assert.Equal(["Lions roar loudly."], chunks.Select(c => c.Text));
        IReadOnlyList<ChunkSearchResult> purr = await store.SearchAsync(new ChunkSearchRequest { Keywords = "purr" }, TestContext.Current.CancellationToken);
        Assert.Empty(purr);
        IReadOnlyList<ChunkSearchResult> nearest = await store.SearchAsync(new ChunkSearchRequest { Vector = new float[] { 0, 1, 0, 0 }, Top = 1 }, TestContext.Current.CancellationToken);
        Assert.Equal("cats#0", nearest.Single().Chunk.Key);
        Assert.Equal(1.0, nearest[0].VectorScore!.Value, 4);
    }

    [Fact]
    public async Task UpsertDocumentsAsync_Batch_StoresEachAndReplacesEarlierVersions()
    {
        KnowledgeStore store = await CreateSeededStoreAsync();
        DocumentRecord cats = Record("cats", "animals/cats.md", chunks: 1);
        DocumentRecord dogs = Record("dogs", "animals/dogs.md", chunks: 2);
        DocumentRecord broken = Record("broken", "space/broken.pdf", DocumentStatus.Failed, "Still encrypted");

        await store.UpsertDocumentsAsync(
        [
            new DocumentUpsert(cats, [Chunk(cats, 0, "Lions roar loudly.", [0, 1, 0, 0])]),
            new DocumentUpsert(dogs, [Chunk(dogs, 0, "Dogs fetch sticks.", [0, 0, 0, 1]), Chunk(dogs, 1, "Puppies chew shoes.", [0, 0.1f, 0, 0.9f])]),
            new DocumentUpsert(broken, []),
        ], TestContext.Current.CancellationToken);

        IReadOnlyList<DocumentRecord> documents = await store.GetDocumentsAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["animals/cats.md", "animals/dogs.md", "space/broken.pdf", "space/rockets.txt"], documents.Select(d => d.Path));
        Assert.Equal("Still encrypted", documents.Single(d => d.Id == "broken").Error);
        Assert.Equal(["Lions roar loudly."], (await store.GetChunksAsync("cats", TestContext.Current.CancellationToken)).Select(c => c.Text));
        Assert.Equal(["Dogs fetch sticks.", "Puppies chew shoes."], (await store.GetChunksAsync("dogs", TestContext.Current.CancellationToken)).Select(c => c.Text));
        Assert.Empty(await store.SearchAsync(new ChunkSearchRequest { Keywords = "purr" }, TestContext.Current.CancellationToken));
        Assert.Equal("dogs#1", (await store.SearchAsync(new ChunkSearchRequest { Keywords = "puppies" }, TestContext.Current.CancellationToken)).Single().Chunk.Key);
        IReadOnlyList<ChunkSearchResult> nearest = await store.SearchAsync(new ChunkSearchRequest { Vector = new float[] { 0, 0, 0, 1 }, Top = 2 }, TestContext.Current.CancellationToken);
        Assert.Equal(["dogs#0", "dogs#1"], nearest.Select(r => r.Chunk.Key));
    }

    [Fact]
    public async Task UpsertDocumentsAsync_SameDocumentTwice_ThrowsAndChangesNothing()
    {
        KnowledgeStore store = await CreateSeededStoreAsync();
        DocumentRecord dogs = Record("dogs", "animals/dogs.md", chunks: 1);
        DocumentRecord cats = Record("cats", "animals/cats.md", chunks: 1);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertDocumentsAsync(
        [
            new DocumentUpsert(dogs, [Chunk(dogs, 0, "Dogs fetch sticks.", [0, 0, 0, 1])]),
            new DocumentUpsert(cats, [Chunk(cats, 0, "Lions roar loudly.", [0, 1, 0, 0])]),
            new DocumentUpsert(cats, [Chunk(cats, 0, "Tigers stalk.", [0, 1, 0, 0])]),
        ], TestContext.Current.CancellationToken));

        Assert.Contains("'cats'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await store.GetDocumentsAsync(TestContext.Current.CancellationToken), d => d.Id == "dogs");
        Assert.Equal(["Cats purr and sleep all day.", "Kittens chase yarn."], (await store.GetChunksAsync("cats", TestContext.Current.CancellationToken)).Select(c => c.Text));
    }

    [Fact]
    public async Task SearchAsync_Vector_ReturnsNearestFirstWithCosineScores()
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);

        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Vector = new float[] { 2, 0, 0, 0 }, Top = 3 }, TestContext.Current.CancellationToken);

        Assert.Equal(["cats#0", "cats#1"], results.Take(2).Select(r => r.Chunk.Key));
        Assert.Equal(1.0, results[0].Score, 4);
        Assert.Equal(results[0].Score, results[0].VectorScore);
        Assert.Null(results[0].KeywordScore);
        Assert.True(results[1].Score < results[0].Score);
        Assert.Equal(3, results.Count);
    }

    [Fact]
    public async Task SearchAsync_Keywords_MatchesTermsWithKeywordScore()
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);

        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = "How do rockets reach orbit?" }, TestContext.Current.CancellationToken);

        Assert.Equal("rockets#0", results[0].Chunk.Key);
        Assert.NotNull(results[0].KeywordScore);
        Assert.Null(results[0].VectorScore);
        Assert.True(results[0].KeywordScore > 0);
        Assert.DoesNotContain(results, r => r.Chunk.DocumentId == "cats");
    }

    [Theory]
    [InlineData(HybridFusionMethod.MinMaxLinear)]
    [InlineData(HybridFusionMethod.ReciprocalRank)]
    public async Task SearchAsync_Hybrid_FusesBothListsAndReportsBothScores(HybridFusionMethod method)
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);

        // The vector points at cats; the keywords only at the rockets' chunk mentioning cats.
        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(
            new ChunkSearchRequest { Vector = new float[] { 1, 0, 0, 0 }, Keywords = "engines", Top = 4, Hybrid = new HybridSearchSettings { Method = method, VectorWeight = 0.5 } },
            TestContext.Current.CancellationToken);

        Assert.Contains(results, r => r.Chunk.Key == "cats#0");
        ChunkSearchResult keywordHit = Assert.Single(results, r => r.Chunk.Key == "rockets#1");
        Assert.NotNull(keywordHit.KeywordScore);
        Assert.NotNull(keywordHit.VectorScore);
        Assert.All(results, r => Assert.NotNull(r.VectorScore));
        Assert.Equal(results.OrderByDescending(r => r.Score).Select(r => r.Chunk.Key), results.Select(r => r.Chunk.Key));
    }

    [Fact]
    public async Task SearchAsync_FilterPathPrefix_ReturnsOnlyMatchingDocuments()
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);

        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(
            new ChunkSearchRequest { Vector = new float[] { 1, 0, 0, 0 }, Keywords = "cats", Top = 10, Filter = new ChunkFilter { PathPrefix = "space/" } },
            TestContext.Current.CancellationToken);

        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.StartsWith("space/", r.Chunk.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SearchAsync_FilterFileTypesTagsAndIds_AppliesEach()
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);
        CancellationToken ct = TestContext.Current.CancellationToken;
        float[] query = [1, 1, 1, 1];

        IReadOnlyList<ChunkSearchResult> byType = await store.SearchAsync(new ChunkSearchRequest { Vector = query, Filter = new ChunkFilter { FileTypes = ["txt"] } }, ct);
        IReadOnlyList<ChunkSearchResult> byTag = await store.SearchAsync(new ChunkSearchRequest { Vector = query, Filter = new ChunkFilter { Tags = ["pets"] } }, ct);
        IReadOnlyList<ChunkSearchResult> byId = await store.SearchAsync(new ChunkSearchRequest { Keywords = "cats", Filter = new ChunkFilter { DocumentIds = ["rockets"] } }, ct);
        IReadOnlyList<ChunkSearchResult> none = await store.SearchAsync(new ChunkSearchRequest { Vector = query, Filter = new ChunkFilter { Tags = ["nope"] } }, ct);

        Assert.Equal(["rockets", "rockets"], byType.Select(r => r.Chunk.DocumentId));
        Assert.Equal(["cats", "cats"], byTag.Select(r => r.Chunk.DocumentId));
        Assert.Equal(["rockets#1"], byId.Select(r => r.Chunk.Key));
        Assert.Empty(none);
    }

    [Theory]
    [InlineData("\"unbalanced quote")]
    [InlineData("cats NEAR rockets")]
    [InlineData("cats AND OR NOT")]
    [InlineData("cat* ^orbit")]
    [InlineData("title: cats")]
    [InlineData("(((")]
    [InlineData("'; DROP TABLE chunks; --")]
    [InlineData("***")]
    [InlineData("NEAR(cats rockets, 2)")]
    public async Task SearchAsync_KeywordsWithQuerySyntax_NeverThrows(string keywords)
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);

        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = keywords }, TestContext.Current.CancellationToken);

        Assert.All(results, r => Assert.NotNull(r.KeywordScore));
        Assert.Equal(3, (await store.GetDocumentsAsync(TestContext.Current.CancellationToken)).Count); // nothing was dropped or altered
    }

    [Fact]
    public async Task RenameDocumentAsync_Existing_KeepsChunksAndEmbeddings()
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);
        CancellationToken ct = TestContext.Current.CancellationToken;
        DocumentRecord renamed = Record("felines", "animals/felines.md", tags: ["pets"], chunks: 2);

        await store.RenameDocumentAsync("cats", renamed, ct);

        Assert.Empty(await store.GetChunksAsync("cats", ct));
        IReadOnlyList<DocumentChunk> chunks = await store.GetChunksAsync("felines", ct);
        Assert.Equal(2, chunks.Count);
        Assert.All(chunks, c => Assert.Equal("animals/felines.md", c.Path));
        IReadOnlyList<ChunkSearchResult> nearest = await store.SearchAsync(new ChunkSearchRequest { Vector = new float[] { 1, 0, 0, 0 }, Top = 1, IncludeEmbeddings = true, Filter = new ChunkFilter { PathPrefix = "animals/felines" } }, ct);
        Assert.Equal("felines#0", nearest.Single().Chunk.Key);
        Assert.Equal([1f, 0, 0, 0], nearest[0].Chunk.Embedding.ToArray());
        Assert.Contains(await store.GetDocumentsAsync(ct), d => d.Id == "felines" && d.ChunkCount == 2);
    }

    [Fact]
    public async Task DeleteDocumentAsync_Existing_RemovesDocumentAndChunks()
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);
        CancellationToken ct = TestContext.Current.CancellationToken;

        await store.DeleteDocumentAsync("cats", ct);
        await store.DeleteDocumentAsync("never-stored", ct);

        Assert.DoesNotContain(await store.GetDocumentsAsync(ct), d => d.Id == "cats");
        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Vector = new float[] { 1, 0, 0, 0 }, Keywords = "cats purr", Top = 10 }, ct);
        Assert.DoesNotContain(results, r => r.Chunk.DocumentId == "cats");
    }

    [Fact]
    public async Task ResetAsync_NewModel_EmptiesStoreAndRebinds()
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);
        CancellationToken ct = TestContext.Current.CancellationToken;
        var other = new EmbeddingModelInfo("other-model", 3);

        await store.ResetAsync(other, ct);

        Assert.Empty(await store.GetDocumentsAsync(ct));
        Assert.Equal(other, await store.GetEmbeddingModelAsync(ct));
        Assert.Empty(await store.SearchAsync(new ChunkSearchRequest { Vector = new float[] { 1, 0, 0 } }, ct));
    }

    [Fact]
    public async Task SearchAsync_DocumentReplacedBetweenSteps_ReadsTheVersionItRanked()
    {
        KnowledgeStore store = await CreateStore();
        CancellationToken ct = TestContext.Current.CancellationToken;
        DocumentRecord fruit = Record("fruit", "food/fruit.md", chunks: 1);
        await store.UpsertDocumentAsync(fruit, [Chunk(fruit, 0, "Apples grow on trees.", [1, 0, 0, 0])], ct);
        Task? replace = null;

        // Between the two lists and the read of their ranking, another writer replaces the document. A store whose
        // steps read separately reads the new version under the old version's scores, or loses the result.
        using var hook = new SearchStepHook("rag.retrieve.read", () =>
        {
            replace = Task.Run(() => store.UpsertDocumentAsync(fruit, [Chunk(fruit, 0, "Cherries ripen in June.", [0, 1, 0, 0])], ct), ct);
            SpinWait.SpinUntil(() => replace.IsCompleted, TimeSpan.FromSeconds(2));
        });
        hook.Arm();
        IReadOnlyList<ChunkSearchResult> during = await store.SearchAsync(new ChunkSearchRequest { Vector = new float[] { 1, 0, 0, 0 }, Keywords = "apples", Top = 5 }, ct);
        Assert.True(hook.Ran);
        await replace!;

        ChunkSearchResult result = Assert.Single(during);
        Assert.Equal("Apples grow on trees.", result.Chunk.Text);
        Assert.Equal(1.0, result.VectorScore!.Value, 4);
        IReadOnlyList<ChunkSearchResult> after = await store.SearchAsync(new ChunkSearchRequest { Vector = new float[] { 1, 0, 0, 0 }, Keywords = "apples", Top = 5 }, ct);
        Assert.Equal("Cherries ripen in June.", Assert.Single(after).Chunk.Text);
    }

    [Fact]
    public async Task SearchAsync_Canceled_Throws()
    {
        KnowledgeStore store = await CreateStore();
        await SeedAsync(store);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SearchAsync(new ChunkSearchRequest { Keywords = "cats" }, cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.UpsertDocumentAsync(Record("x", "x.md"), [], cts.Token));
    }
}
