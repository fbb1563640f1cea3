// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Rag.Connectors.OpenAI.Tests;

public sealed class OpenAIServiceCollectionExtensionsTests
{
    [Fact]
    public void UseOpenAIChat_InvalidOptions_FailWhenResolvedNotWhenRegistered()
    {
        var services = new ServiceCollection();
        new RagBuilder(services).UseOpenAIChat(o => o.ModelId = "qwen");
        using ServiceProvider provider = services.BuildServiceProvider();

        ArgumentException error = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Equal("Endpoint", error.ParamName);
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
}
