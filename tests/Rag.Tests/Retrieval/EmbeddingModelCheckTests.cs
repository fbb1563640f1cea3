// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Rag.TestUtilities;
using Rag.Tests.Answers;

namespace Rag.Tests.Retrieval;

/// <summary>The query path checks the index's embedding model, not only ingestion: vectors of two models never meet.</summary>
public sealed class EmbeddingModelCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SearchAndAsk_IndexOfAnotherModelWithSameDimensions_ThrowEmbeddingModelMismatch()
    {
        // Arrange: the index was built by "test-hashing"; the app now runs another model of the same vector length.
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        using var otherModel = new RenamedModelGenerator(embeddings, "another-model");
        var kb = new KnowledgeBase(store, otherModel, options: TestCorpus.Options(floor: 0));

        // Act
        var search = await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => kb.SearchAsync("hardware refund", null, Ct));
        var ask = await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => kb.AskAsync("What is the hardware refund policy?", null, Ct));

        // Assert
        Assert.Equal("test-hashing", search.Stored.ModelId);
        Assert.Equal("another-model", search.Requested.ModelId);
        Assert.Equal(search.Requested, ask.Requested);
    }

    [Fact]
    public async Task Search_SameModelThroughMiddleware_Answers()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        using var sameModel = new RenamedModelGenerator(embeddings, embeddings.Model.ModelId);
        var kb = new KnowledgeBase(store, sameModel, options: TestCorpus.Options(floor: 0));

        IReadOnlyList<Source> hits = await kb.SearchAsync("hardware refund", null, Ct);

        Assert.NotEmpty(hits);
    }

    [Fact]
    public async Task Search_EmptyIndex_ChecksNothingAndFindsNothing()
    {
        var kb = new KnowledgeBase(new InMemoryKnowledgeStore(), TestCorpus.CreateEmbeddings(), options: TestCorpus.Options(floor: 0));

        IReadOnlyList<Source> hits = await kb.SearchAsync("hardware refund", null, Ct);

        Assert.Empty(hits);
    }

    [Fact]
    public async Task SearchAndIngest_GeneratorWithoutModelId_ThrowNamingTheMissingId()
    {
        // An identity is always a real model id: a generator that names no model cannot bind or open an index.
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        using var anonymous = new AnonymousModelGenerator(embeddings);
        var kb = new KnowledgeBase(store, anonymous, options: TestCorpus.Options(floor: 0));
        var ingestor = new DocumentIngestor(new InMemoryKnowledgeStore(), anonymous);
        using var folder = new TemporaryDirectory();
        folder.WriteFile("a.md", "# A\n\nSome text about hardware refunds.");

        var search = await Assert.ThrowsAsync<InvalidOperationException>(() => kb.SearchAsync("hardware refund", null, Ct));
        var ingest = await Assert.ThrowsAsync<InvalidOperationException>(() => ingestor.SyncFolderAsync(folder.Path, cancellationToken: Ct));

        Assert.Contains("DefaultModelId", search.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(AnonymousModelGenerator), search.Message, StringComparison.Ordinal);
        Assert.Equal(search.Message, ingest.Message);
    }

    /// <summary>A user middleware that reports another model id for the same vectors, as a misconfigured app would.</summary>
    private sealed class RenamedModelGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string modelId)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public override object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingModelInfo) ? new EmbeddingModelInfo(modelId, 1024)
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", null, modelId, 1024)
            : base.GetService(serviceType, serviceKey);
    }

    /// <summary>A generator that reports no model id, as some third-party clients do.</summary>
    private sealed class AnonymousModelGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public override object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingModelInfo) ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("third-party", null, null, 1024)
            : base.GetService(serviceType, serviceKey);
    }
}
