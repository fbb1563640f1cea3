// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
        var services = new ServiceCollection();
        services.AddOnnxEmbeddingGenerator();
        using ServiceProvider provider = services.BuildServiceProvider();

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
        var services = new ServiceCollection();
        services.AddKeyedOnnxEmbeddingGenerator("arctic", o => o.BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs);
        services.AddKeyedOnnxEmbeddingGenerator("minilm");
        using ServiceProvider provider = services.BuildServiceProvider();

        var arctic = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("arctic");
        var miniLm = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("minilm");

        Assert.Equal("snowflake-arctic-embed-xs-int8", arctic.GetService<EmbeddingModelInfo>()?.ModelId);
        Assert.Equal("all-MiniLM-L6-v2", miniLm.GetService<EmbeddingModelInfo>()?.ModelId);
        Assert.Equal(254, provider.GetRequiredKeyedService<ITokenCounter>("minilm").MaxTokens);
    }

    [Fact]
    public void AddOnnxEmbeddingGenerator_OptionsConfiguredInTheContainer_ChooseTheModelPerKey()
    {
        // Arrange: the default generator and a keyed one, each configured by name outside the registration.
        var services = new ServiceCollection();
        services.AddOnnxEmbeddingGenerator();
        services.AddKeyedOnnxEmbeddingGenerator("fast");
        services.Configure<OnnxEmbeddingGeneratorOptions>(o => o.BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs);
        services.Configure<OnnxEmbeddingGeneratorOptions>("fast", o => o.MaxSequenceLength = 64);
        using ServiceProvider provider = services.BuildServiceProvider();

        // Act
        var byDefault = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var fast = provider.GetRequiredKeyedService<ITokenCounter>("fast");

        // Assert
        Assert.Equal("snowflake-arctic-embed-xs-int8", byDefault.GetService<EmbeddingModelInfo>()?.ModelId);
        Assert.Equal(62, fast.MaxTokens); // 64 less [CLS] and [SEP], on the default MiniLM model
    }

    [Fact]
    public void AddOnnxEmbeddingGenerator_OptionOutOfRange_FailsAtFirstResolveNamingTheField()
    {
        var services = new ServiceCollection();
        services.AddOnnxEmbeddingGenerator(o => o.MaxBatchSize = 0);
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());

        Assert.Contains("OnnxEmbeddingGeneratorOptions", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxBatchSize", ex.Message, StringComparison.Ordinal);
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

    [Fact]
    public async Task AddOnnxEmbeddingGenerator_UserMiddleware_WrapsTheModelAndKeepsItsServices()
    {
        // Arrange: the builder the registration returns takes any Microsoft.Extensions.AI middleware.
        var services = new ServiceCollection();
        var calls = new List<int>();
        services.AddOnnxEmbeddingGenerator().Use(inner => new CountingEmbeddingGenerator(inner, calls));
        using ServiceProvider provider = services.BuildServiceProvider();
        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        // Act
        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(["vacation days", "parental leave"], cancellationToken: TestContext.Current.CancellationToken);

        // Assert: the call went through the middleware to the real model; the model's services still answer.
        Assert.IsType<CountingEmbeddingGenerator>(generator);
        Assert.Equal([2], calls);
        Assert.All(embeddings, e => Assert.Equal(384, e.Vector.Length));
        Assert.Equal("all-MiniLM-L6-v2", generator.GetService<EmbeddingModelInfo>()?.ModelId);
        Assert.IsType<BertOnnxEmbeddingGenerator>(provider.GetRequiredService<ITokenCounter>());
    }

    private sealed class CountingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, List<int> calls)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            string[] batch = [.. values];
            calls.Add(batch.Length);
            return base.GenerateAsync(batch, options, cancellationToken);
        }
    }
}
