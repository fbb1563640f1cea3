// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Rag.Connectors.Onnx.Tests;

public sealed class OnnxEmbeddingServiceCollectionExtensionsTests
{
    [Fact]
    public void AddOnnxEmbeddingGenerator_MissingModel_DoesNotTouchFilesUntilResolved()
    {
        var services = new ServiceCollection();
        services.AddOnnxEmbeddingGenerator(o =>
        {
            o.ModelPath = "/does/not/exist/model.onnx";
            o.VocabularyPath = "/does/not/exist/vocab.txt";
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        FileNotFoundException ex = Assert.Throws<FileNotFoundException>(() => provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Contains("/does/not/exist/model.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddOnnxEmbeddingGenerator_Defaults_ResolvesOneLazySingletonForGeneratorAndTokenCounter()
    {
        using ServiceProvider provider = new ServiceCollection().AddOnnxEmbeddingGenerator().BuildServiceProvider();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var counter = provider.GetRequiredService<ITokenCounter>();

        Assert.Same(generator, counter);
        Assert.Same(generator, provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Equal("all-MiniLM-L6-v2", generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        Assert.False(((BertOnnxEmbeddingGenerator)generator).IsModelLoaded);
    }

    [Fact]
    public void AddKeyedOnnxEmbeddingGenerator_TwoModels_ResolveByKey()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddKeyedOnnxEmbeddingGenerator("arctic", o => o.BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs)
            .AddKeyedOnnxEmbeddingGenerator("minilm")
            .BuildServiceProvider();

        var arctic = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("arctic");
        var miniLm = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("minilm");

        Assert.Equal("snowflake-arctic-embed-xs-int8", arctic.GetService<EmbeddingModelInfo>()?.ModelId);
        Assert.Equal("all-MiniLM-L6-v2", miniLm.GetService<EmbeddingModelInfo>()?.ModelId);
        Assert.Equal(254, provider.GetRequiredKeyedService<ITokenCounter>("minilm").MaxTokens);
    }

    [Fact]
    public void UseOnnxEmbeddings_OnRagBuilder_RegistersTheGenerator()
    {
        var services = new ServiceCollection();

        RagBuilder returned = new RagBuilder(services).UseOnnxEmbeddings(o => o.BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs);

        Assert.Same(services, returned.Services);
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Equal("snowflake-arctic-embed-xs-int8", provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GetService<EmbeddingModelInfo>()?.ModelId);
    }
}
