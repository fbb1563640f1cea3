// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Rag.TestUtilities;
using Rag.Tests.Answers;

namespace Rag.Tests.Retrieval;

public sealed class RetrieverTests
{
    [Fact]
    public async Task SearchAsync_PerDocumentCap_LimitsPassagesPerDocument()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        var store = new InMemoryKnowledgeStore();
        await TestCorpus.AddAsync(store, embeddings, "a.md", [.. Enumerable.Range(0, 6).Select(i => $"hardware refund policy part {i}")], []);
        await TestCorpus.AddAsync(store, embeddings, "b.md", ["hardware refund exceptions"], []);
        RagOptions options = TestCorpus.Options(floor: 0);
        options.Retrieval.MaxChunksPerDocument = 2;
        var kb = new KnowledgeBase(store, embeddings, options: options);

        IReadOnlyList<Source> hits = await kb.SearchAsync("hardware refund policy", new SearchOptions { Top = 5 }, TestContext.Current.CancellationToken);

        Assert.Equal(2, hits.Count(h => h.Path == "a.md"));
        Assert.Contains(hits, h => h.Path == "b.md");
        Assert.Equal(Enumerable.Range(1, hits.Count), hits.Select(h => h.Number));
    }

    [Fact]
    public async Task SearchAsync_HitAtTheEndOfALongPassage_SnippetShowsTheHit()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        var store = new InMemoryKnowledgeStore();
        string passage = string.Join(' ', Enumerable.Repeat("general office notes and reminders", 20)) + " the hardware refund window is 30 days.";
        await TestCorpus.AddAsync(store, embeddings, "a.md", [passage], []);
        var kb = new KnowledgeBase(store, embeddings, options: TestCorpus.Options(floor: 0));

        Source hit = Assert.Single(await kb.SearchAsync("hardware refund window", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("the hardware refund window is 30 days.", hit.Snippet, StringComparison.Ordinal);
        Assert.StartsWith("…", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_NoDiversification_ReturnsStoreOrder()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        var store = new InMemoryKnowledgeStore();
        await TestCorpus.AddAsync(store, embeddings, "a.md", [.. Enumerable.Range(0, 6).Select(i => $"hardware refund policy part {i}")], []);
        RagOptions options = TestCorpus.Options(floor: 0);
        options.Retrieval.Diversification = DiversificationMode.None;
        var kb = new KnowledgeBase(store, embeddings, options: options);

        IReadOnlyList<Source> hits = await kb.SearchAsync("hardware refund policy", new SearchOptions { Top = 4 }, TestContext.Current.CancellationToken);

        Assert.Equal(4, hits.Count);
        Assert.All(hits, h => Assert.Equal("a.md", h.Path));
    }

    [Fact]
    public async Task SearchAsync_Mmr_PrefersNovelPassageOverDuplicate()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        var store = new InMemoryKnowledgeStore();
        await TestCorpus.AddAsync(store, embeddings, "dup1.md", ["solar panel battery storage capacity"], []);
        await TestCorpus.AddAsync(store, embeddings, "dup2.md", ["solar panel battery storage capacity"], []);
        await TestCorpus.AddAsync(store, embeddings, "other.md", ["solar panel installation roof angle"], []);
        RagOptions options = TestCorpus.Options(floor: 0);
        options.Retrieval.Diversification = DiversificationMode.MaximalMarginalRelevance;
        options.Retrieval.MmrLambda = 0.5;
        var kb = new KnowledgeBase(store, embeddings, options: options);

        IReadOnlyList<Source> hits = await kb.SearchAsync("solar panel battery storage", new SearchOptions { Top = 2 }, TestContext.Current.CancellationToken);

        Assert.Equal(2, hits.Count);
        Assert.StartsWith("dup", hits[0].Path, StringComparison.Ordinal);
        Assert.Equal("other.md", hits[1].Path);
    }

    [Fact]
    public async Task SearchAsync_PathPrefixAndTagFilters_RestrictResults()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        var store = new InMemoryKnowledgeStore();
        await TestCorpus.AddAsync(store, embeddings, "policies/refunds.md", ["hardware refund within 30 days"], [], ["finance"]);
        await TestCorpus.AddAsync(store, embeddings, "archive/refunds.txt", ["hardware refund within 60 days"], [], ["old"]);
        var kb = new KnowledgeBase(store, embeddings, options: TestCorpus.Options(floor: 0));
        CancellationToken ct = TestContext.Current.CancellationToken;

        IReadOnlyList<Source> byPath = await kb.SearchAsync("hardware refund", new SearchOptions { Filter = new ChunkFilter { PathPrefix = "archive/" } }, ct);
        IReadOnlyList<Source> byTag = await kb.SearchAsync("hardware refund", new SearchOptions { Filter = new ChunkFilter { Tags = ["finance"] } }, ct);
        IReadOnlyList<Source> byType = await kb.SearchAsync("hardware refund", new SearchOptions { Filter = new ChunkFilter { FileTypes = ["txt"] } }, ct);

        Assert.Equal("archive/refunds.txt", Assert.Single(byPath).Path);
        Assert.Equal("policies/refunds.md", Assert.Single(byTag).Path);
        Assert.Equal("txt", Assert.Single(byType).FileType);
    }

    [Fact]
    public async Task SearchAsync_AnyQuery_EmbedsWithQueryPurposeAndSendsHybridSettings()
    {
        HashingEmbeddingGenerator inner = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(inner);
        var purposes = new List<EmbeddingPurpose>();
        using IEmbeddingGenerator<string, Embedding<float>> recording = new EmbeddingGeneratorBuilder<string, Embedding<float>>(inner)
            .Use((values, options, next, ct) =>
            {
                purposes.Add(options.GetPurpose());
                return next.GenerateAsync(values, options, ct);
            })
            .Build();
        var kb = new KnowledgeBase(store, recording, options: TestCorpus.Options());

        await kb.SearchAsync("memory requirements of the agent", cancellationToken: TestContext.Current.CancellationToken);
        await kb.AskAsync("How much memory does the agent require?", cancellationToken: TestContext.Current.CancellationToken);

        // Search and ask embed the query with the query purpose; the extractive step embeds stored sentences as documents.
        Assert.Equal([EmbeddingPurpose.Query, EmbeddingPurpose.Query, EmbeddingPurpose.Document], purposes);
    }

    [Fact]
    public async Task SearchAsync_FloorOverride_AppliesPerCall()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var kb = new KnowledgeBase(store, embeddings, options: TestCorpus.Options(floor: 0));
        CancellationToken ct = TestContext.Current.CancellationToken;

        IReadOnlyList<Source> open = await kb.SearchAsync("agent memory", cancellationToken: ct);
        IReadOnlyList<Source> strict = await kb.SearchAsync("agent memory", new SearchOptions { MinRelevance = 0.99 }, ct);

        Assert.NotEmpty(open);
        Assert.All(open, s => Assert.NotNull(s.VectorScore));
        Assert.Empty(strict);
    }

    [Fact]
    public async Task SearchAsync_QueryTermVerbatimButCosineUnderFloor_ReturnsPassageFlaggedKeywordOnly()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateAsync(
            embeddings,
            ("time-off.md", "Parental leave is sixteen weeks at full pay, taken within the first year after the birth or adoption.", ["Time off"]),
            ("travel.md", "Book flights through the travel desk at least two weeks before the trip.", ["Travel"]));
        RagOptions options = new() { Retrieval = { MinRelevance = 0.95, MinRelevanceWithoutKeywordMatch = 0.95 } };
        var kb = new KnowledgeBase(store, embeddings, options: options);
        CancellationToken ct = TestContext.Current.CancellationToken;

        IReadOnlyList<Source> hits = await kb.SearchAsync("leave", cancellationToken: ct);
        IReadOnlyList<Source> partial = await kb.SearchAsync("leave of absence abroad", cancellationToken: ct);

        // One short word is far from a whole passage by meaning (cosine under 0.95), yet the passage says it verbatim.
        Source hit = Assert.Single(hits);
        Assert.Equal("time-off.md", hit.Path);
        Assert.True(hit.IsKeywordOnly);
        Assert.True(hit.VectorScore < 0.95);

        // A passage holding only some of the query's content terms is not a literal match: the floor still applies.
        Assert.Empty(partial);
    }

    [Fact]
    public async Task SearchAsync_PassageOverFloor_IsNotFlaggedKeywordOnly()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var kb = new KnowledgeBase(store, embeddings, options: TestCorpus.Options(floor: 0));

        IReadOnlyList<Source> hits = await kb.SearchAsync("agent memory", cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.False(h.IsKeywordOnly));
    }

    [Fact]
    public async Task SearchAsync_HeadingOnlyChunkScoresHigher_BodyTextComesFirst()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        var store = new InMemoryKnowledgeStore();
        await store.InitializeAsync(embeddings.Model, TestContext.Current.CancellationToken);
        await TestCorpus.AddAsync(store, embeddings, "handbook.md", ["# Travel and Expenses", "Expenses over the budget of 50 euros a day need a manager's approval before the trip."], ["Travel and Expenses"]);
        var kb = new KnowledgeBase(store, embeddings, options: TestCorpus.Options(floor: 0));
        CancellationToken ct = TestContext.Current.CancellationToken;

        IReadOnlyList<Source> hits = await kb.SearchAsync("travel expenses", cancellationToken: ct);

        // By meaning and keywords alike the heading alone is the closer match; it stays available, after the body text.
        Assert.Equal(2, hits.Count);
        Assert.Equal(1, hits[0].ChunkIndex);
        Assert.Equal(0, hits[1].ChunkIndex);
        Assert.True(hits[1].VectorScore > hits[0].VectorScore);
    }
}
