// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Rag.Connectors.LlamaSharp.Tests.DependencyInjection;

public sealed class LlamaSharpServiceCollectionExtensionsTests
{
    [Fact]
    public async Task UseLlamaSharp_RagBuilder_RegistersLazySingletonChatClient()
    {
        var services = new ServiceCollection();
        new RagBuilder(services).UseLlamaSharp(o =>
        {
            o.ModelPath = TinyModel.Path;
            o.ContextSize = 256;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        IChatClient client = provider.GetRequiredService<IChatClient>();

        Assert.Same(client, provider.GetRequiredService<IChatClient>());
        var concrete = Assert.IsType<LlamaSharpChatClient>(client);
        Assert.False(concrete.Host.IsLoaded); // resolving loads nothing
        ChatResponse response = await client.GetResponseAsync("Once upon a time", TinyModel.Greedy(3), TestContext.Current.CancellationToken);
        Assert.Equal(3, response.Usage!.OutputTokenCount);
        Assert.True(concrete.Host.IsLoaded);
    }

    [Fact]
    public void AddLlamaSharpChatClient_MissingModelFile_NothingHappensUntilUse()
    {
        var services = new ServiceCollection();

        services.AddLlamaSharpChatClient(o => o.ModelPath = "/nonexistent/model.gguf");
        using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient client = provider.GetRequiredService<IChatClient>();

        Assert.NotNull(client.GetService(typeof(ChatClientMetadata)));
    }

    [Fact]
    public void AddLlamaSharpChatClient_NoModelPath_FailsOnResolve()
    {
        var services = new ServiceCollection();
        services.AddLlamaSharpChatClient(o => o.ContextSize = 512);
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Contains("LlamaSharpChatOptions.ModelPath is required", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddKeyedLlamaSharpChatClient_ModelPathConfiguredInTheContainerByKey_ResolvesWithIt()
    {
        // Arrange: the keyed registration names no model; the application's configuration of that key does.
        var services = new ServiceCollection();
        services.AddKeyedLlamaSharpChatClient("local", o => o.ContextSize = 512);
        services.Configure<LlamaSharpChatOptions>("local", o => o.ModelPath = TinyModel.Path);
        using ServiceProvider provider = services.BuildServiceProvider();

        // Act
        IChatClient client = provider.GetRequiredKeyedService<IChatClient>("local");

        // Assert
        Assert.Equal(Path.GetFileNameWithoutExtension(TinyModel.Path), client.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void AddKeyedLlamaSharpChatClient_Key_ResolvesByKeyOnly()
    {
        var services = new ServiceCollection();
        services.AddKeyedLlamaSharpChatClient("local", o => o.ModelPath = TinyModel.Path);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetKeyedService<IChatClient>("local"));
        Assert.Null(provider.GetService<IChatClient>());
    }

    [Fact]
    public async Task AddLlamaSharpChatClient_UserMiddleware_SeesTheRealModelsResponse()
    {
        // Arrange: the builder the registration returns takes any Microsoft.Extensions.AI middleware.
        var services = new ServiceCollection();
        var seen = new List<ChatResponse>();
        services.AddLlamaSharpChatClient(o =>
        {
            o.ModelPath = TinyModel.Path;
            o.ContextSize = 256;
        }).Use(inner => new RecordingChatClient(inner, seen));
        await using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient client = provider.GetRequiredService<IChatClient>();

        // Act
        ChatResponse response = await client.GetResponseAsync("Once upon a time", TinyModel.Greedy(3), TestContext.Current.CancellationToken);

        // Assert: the tiny LLaMA generated through the middleware; the model's own services still answer.
        Assert.IsType<RecordingChatClient>(client);
        Assert.Same(response, Assert.Single(seen));
        Assert.Equal(3, response.Usage!.OutputTokenCount);
        Assert.True(Assert.IsType<LlamaSharpChatClient>(client.GetService(typeof(LlamaSharpChatClient))).Host.IsLoaded);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(512, 0)]
    public void Create_OutOfRangeOptions_Throws(int batchSize, int concurrency)
    {
        var options = new LlamaSharpChatOptions { ModelPath = "x.gguf", BatchSize = batchSize, MaxConcurrentRequests = concurrency };

        Assert.Throws<ArgumentException>(() => LlamaSharpChatClientFactory.Create(options));
    }

    private sealed class RecordingChatClient(IChatClient inner, List<ChatResponse> seen) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken);
            seen.Add(response);
            return response;
        }
    }
}
