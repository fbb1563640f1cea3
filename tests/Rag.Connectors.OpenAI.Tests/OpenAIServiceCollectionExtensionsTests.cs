// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Rag.Connectors.OpenAI.Tests;

public sealed class OpenAIServiceCollectionExtensionsTests
{
    [Fact]
    public void UseOpenAIChat_InvalidOptions_FailWhenResolvedNotWhenRegistered()
    {
        var services = new ServiceCollection();
        new RagBuilder(services).UseOpenAIChat(o => o.ModelId = "qwen");
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Contains("OpenAIChatOptions.Endpoint is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseOpenAIChatAndEmbeddings_RegisterSingletons()
    {
        var services = new ServiceCollection();
        new RagBuilder(services)
            .UseOpenAIChat(o => { o.Endpoint = new Uri("http://gpu-box:5080/v1"); o.ModelId = "qwen"; })
            .UseOpenAIEmbeddings(o => { o.Endpoint = new Uri("http://gpu-box:5080/v1"); o.ModelId = "arctic"; });
        using ServiceProvider provider = services.BuildServiceProvider();

        IChatClient chat = provider.GetRequiredService<IChatClient>();
        IEmbeddingGenerator<string, Embedding<float>> embeddings = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        Assert.Same(chat, provider.GetRequiredService<IChatClient>());
        Assert.Same(embeddings, provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Equal("qwen", chat.GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.Equal("arctic", embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void AddKeyed_RegistersUnderTheKey()
    {
        var services = new ServiceCollection();
        services.AddKeyedOpenAIChatClient("gpu", o => { o.Endpoint = new Uri("http://gpu-box:5080/v1"); o.ModelId = "qwen"; });
        services.AddKeyedOpenAIEmbeddingGenerator("gpu", o => { o.Endpoint = new Uri("http://gpu-box:5080/v1"); o.ModelId = "arctic"; });
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Null(provider.GetService<IChatClient>());
        Assert.NotNull(provider.GetRequiredKeyedService<IChatClient>("gpu"));
        Assert.NotNull(provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("gpu"));
    }

    [Fact]
    public void AddOpenAIClients_ReturnTheirBuilders_UserMiddlewareAndContainerOptionsCompose()
    {
        // Arrange: a user middleware on each builder, and the application's own configuration after the registration.
        var services = new ServiceCollection();
        services.AddOpenAIChatClient(o => { o.Endpoint = new Uri("http://gpu-box:5080/v1"); o.ModelId = "qwen"; })
            .Use(inner => new TaggedChatClient(inner));
        services.AddOpenAIEmbeddingGenerator(o => { o.Endpoint = new Uri("http://gpu-box:5080/v1"); o.ModelId = "arctic"; })
            .Use(inner => new TaggedEmbeddingGenerator(inner));
        services.Configure<OpenAIChatOptions>(o => o.ModelId = "qwen-large");
        using ServiceProvider provider = services.BuildServiceProvider();

        // Act
        IChatClient chat = provider.GetRequiredService<IChatClient>();
        IEmbeddingGenerator<string, Embedding<float>> embeddings = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        // Assert: the middleware is outermost and still reaches the connector's services; the later configuration won.
        Assert.IsType<TaggedChatClient>(chat);
        Assert.IsType<TaggedEmbeddingGenerator>(embeddings);
        Assert.Equal("qwen-large", chat.GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.Equal("arctic", embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    private sealed class TaggedChatClient(IChatClient inner) : DelegatingChatClient(inner);

    private sealed class TaggedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner);
}
