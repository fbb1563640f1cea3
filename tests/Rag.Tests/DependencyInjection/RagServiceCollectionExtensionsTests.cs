// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Rag.TestUtilities;
using Rag.Tests.Answers;

namespace Rag.Tests.DependencyInjection;

public sealed class RagServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddRag_ChatClientRegistered_ResolvesItOnlyWhenAsked()
    {
        // Arrange
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        int chatClientsCreated = 0;
        var services = new ServiceCollection();
        services.AddSingleton<KnowledgeStore>(store);
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embeddings);
        services.AddSingleton<IChatClient>(_ =>
        {
            chatClientsCreated++;
            return TestChatClient.Answering("The agent requires 4 GB [1].");
        });
        RagBuilder builder = services.AddRag(o => o.Retrieval.MinRelevance = 0.15);
        using ServiceProvider provider = services.BuildServiceProvider();

        // Act
        KnowledgeBase kb = provider.GetRequiredService<KnowledgeBase>();
        int createdBeforeAsking = chatClientsCreated;
        Answer answer = await kb.AskAsync("How much memory does the agent require?", cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        Assert.Same(services, builder.Services);
        Assert.Equal(0, createdBeforeAsking);
        Assert.Equal(1, chatClientsCreated);
        Assert.False(answer.IsExtractive);
        Assert.Same(kb, provider.GetRequiredService<KnowledgeBase>());
        Assert.NotNull(provider.GetRequiredService<DocumentQaPlugin>());
        KernelPlugin plugin = Assert.Single(provider.GetServices<KernelPlugin>());
        Assert.Equal("documents", plugin.Name);
    }

    [Fact]
    public async Task AddRag_NoChatClient_AnswersExtractively()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var services = new ServiceCollection();
        services.AddSingleton<KnowledgeStore>(store);
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embeddings);
        services.AddRag(o => o.Retrieval.MinRelevance = 0.15);
        services.AddRag();
        using ServiceProvider provider = services.BuildServiceProvider();

        Answer answer = await provider.GetRequiredService<KnowledgeBase>().AskAsync("How much memory does the agent require?", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(answer.IsExtractive);
        Assert.Contains("4 GB", answer.Text, StringComparison.Ordinal);
        Assert.Single(provider.GetServices<KernelPlugin>());
    }

    [Fact]
    public void AddRag_InvalidOptions_ThrowsOnFirstResolve()
    {
        var services = new ServiceCollection();
        services.AddSingleton<KnowledgeStore>(new InMemoryKnowledgeStore());
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(TestCorpus.CreateEmbeddings());
        services.AddRag(o => o.Answers.MaxAnswerTokens = 0);
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<KnowledgeBase>());
        Assert.Contains("RagOptions", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxAnswerTokens", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ReadAhead")]
    [InlineData("EmbeddingBatchSize")]
    [InlineData("MaxTokens")]
    public void ConfigureIngestion_OptionOutOfRange_ThrowsNamingItOnFirstResolve(string field)
    {
        var services = new ServiceCollection();
        services.AddSingleton<KnowledgeStore>(new InMemoryKnowledgeStore());
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(TestCorpus.CreateEmbeddings());
        services.AddRag().ConfigureIngestion(o =>
        {
            switch (field)
            {
                case "ReadAhead": o.ReadAhead = 0; break;
                case "EmbeddingBatchSize": o.EmbeddingBatchSize = -1; break;
                default: o.Chunking.MaxTokens = 2; break;
            }
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<DocumentIngestor>());
        Assert.Contains("IngestionOptions", ex.Message, StringComparison.Ordinal);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void AddRag_CalledTwice_BothCallbacksRunInOrderWhenFirstResolved()
    {
        // Arrange
        int callbacksRun = 0;
        var services = new ServiceCollection();
        services.AddSingleton<KnowledgeStore>(new InMemoryKnowledgeStore());
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(TestCorpus.CreateEmbeddings());
        services.AddRag(o =>
        {
            callbacksRun++;
            o.PluginName = "first";
            o.Retrieval.MinRelevance = 0.2;
        });
        services.AddRag(o =>
        {
            callbacksRun++;
            o.PluginName = "handbook";
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        int runBeforeResolving = callbacksRun;

        // Act
        RagOptions options = provider.GetRequiredService<RagOptions>();
        KernelPlugin plugin = Assert.Single(provider.GetServices<KernelPlugin>());

        // Assert: nothing ran at registration; both ran once, the later one winning where both set a value.
        Assert.Equal(0, runBeforeResolving);
        Assert.Equal(2, callbacksRun);
        Assert.Equal("handbook", plugin.Name);
        Assert.Equal(0.2, options.Retrieval.MinRelevance);
    }

    [Fact]
    public async Task ConfigureIngestion_DefaultOptions_ApplyToSyncsThatPassNone()
    {
        // Arrange: a 200-byte file and a 100-byte limit set through DI.
        using var folder = new TemporaryDirectory();
        folder.WriteFile("notes.md", "# Notes\n\n" + new string('x', 190));
        var services = new ServiceCollection();
        services.AddSingleton<KnowledgeStore>(new InMemoryKnowledgeStore());
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(TestCorpus.CreateEmbeddings());
        services.AddRag().ConfigureIngestion(o => o.MaxFileSizeBytes = 100);
        using ServiceProvider provider = services.BuildServiceProvider();

        // Act
        FolderSyncResult result = await provider.GetRequiredService<DocumentIngestor>().SyncFolderAsync(folder.Path, cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        IngestionFailure failure = Assert.Single(result.Failed);
        Assert.Equal("notes.md", failure.Path);
        Assert.Empty(result.Added);
    }
}
