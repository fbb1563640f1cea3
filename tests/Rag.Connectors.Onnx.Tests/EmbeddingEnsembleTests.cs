// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Rag.Connectors.Onnx.Tests;

/// <summary>The built-in ensemble (arctic-embed-xs int8 + MiniLM) on the real models.</summary>
public sealed class EmbeddingEnsembleTests
{
    private static readonly Lazy<IEmbeddingGenerator<string, Embedding<float>>> s_ensemble = new(() => OnnxEmbeddingGenerator.CreateEnsemble());

    private static readonly (string Query, string Passage)[] s_pairs =
    [
        ("Which train goes to the airport at night?", "After midnight the airport is served only by the N4 night bus; the express train stops running at 23:40."),
        ("How long can a tenant stay before the lease must be renewed?", "Residential leases run for twelve months and must be renewed in writing at least sixty days before they expire."),
        ("What should I do if the smoke alarm keeps beeping?", "A short chirp every minute means the smoke detector's battery is low: replace it with a new 9-volt battery."),
        ("Why do cats purr?", "Cats purr when content, but also when stressed or injured, since the vibration may help them soothe themselves."),
        ("How do I keep basil alive indoors?", "Indoor basil needs six hours of sun on a bright windowsill, well-drained soil and watering only when the top inch is dry."),
        ("Who wrote the first computer program?", "Ada Lovelace published an algorithm for Babbage's Analytical Engine in 1843, often called the first computer program."),
        ("What happens to a refund if my order is cancelled?", "Cancelled orders are refunded to the original payment method within five business days."),
        ("How deep is the Mariana Trench?", "The Challenger Deep, the lowest point of the Mariana Trench, lies about 10,900 metres below sea level."),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IEmbeddingGenerator<string, Embedding<float>> Ensemble => s_ensemble.Value;

    [Fact]
    public async Task CreateEnsemble_Embeddings_Are768DimensionalUnitVectorsOfTheCombinedModel()
    {
        GeneratedEmbeddings<Embedding<float>> result = await Ensemble.GenerateAsync(["Hello world", "A second, longer text about something else."], cancellationToken: Ct);

        Assert.All(result, e => Assert.Equal(768, e.Vector.Length));
        Assert.All(result, e => Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(e.Vector.Span), 4));
        Assert.All(result, e => Assert.Equal("snowflake-arctic-embed-xs-int8+all-MiniLM-L6-v2", e.ModelId));
        Assert.Equal(new EmbeddingModelInfo("snowflake-arctic-embed-xs-int8+all-MiniLM-L6-v2", 768), Ensemble.GetService<EmbeddingModelInfo>());
    }

    [Fact]
    public async Task CreateEnsemble_QueryPassageCosine_IsTheMeanOfArcticAndMiniLmCosines()
    {
        // Arrange: each text alone, as the reference models embed it (int8 activations are quantized per batch).
        string query = s_pairs[0].Query;
        string passage = s_pairs[0].Passage;

        // Act
        float[] ensembleQuery = (await Ensemble.EmbedAsync([query], EmbeddingPurpose.Query))[0];
        float[] ensemblePassage = (await Ensemble.EmbedAsync([passage]))[0];

        // Assert
        float[] arcticQuery = (await BuiltInModels.ArcticInt8.EmbedAsync([query], EmbeddingPurpose.Query))[0];
        float[] arcticPassage = (await BuiltInModels.ArcticInt8.EmbedAsync([passage]))[0];
        float[] miniLmQuery = (await BuiltInModels.MiniLm.EmbedAsync([query], EmbeddingPurpose.Query))[0];
        float[] miniLmPassage = (await BuiltInModels.MiniLm.EmbedAsync([passage]))[0];
        float arctic = BuiltInModels.Cosine(arcticQuery, arcticPassage);
        float miniLm = BuiltInModels.Cosine(miniLmQuery, miniLmPassage);
        Assert.NotEqual(arctic, miniLm, 2); // the models disagree, so the mean is a real test
        Assert.Equal((arctic + miniLm) / 2, BuiltInModels.Cosine(ensembleQuery, ensemblePassage), 1e-5);
    }

    [Fact]
    public async Task CreateEnsemble_QueriesAgainstPassages_RankTheRightPassageFirst()
    {
        // Arrange
        float[][] passages = await Ensemble.EmbedAsync(s_pairs.Select(p => p.Passage));

        // Act
        float[][] queries = await Ensemble.EmbedAsync(s_pairs.Select(p => p.Query), EmbeddingPurpose.Query);

        // Assert
        var misses = new List<string>();
        for (int q = 0; q < queries.Length; q++)
        {
            int best = Enumerable.Range(0, passages.Length).MaxBy(p => BuiltInModels.Cosine(queries[q], passages[p]));
            if (best != q)
            {
                misses.Add($"'{s_pairs[q].Query}' -> '{s_pairs[best].Passage}'");
            }
        }

        Assert.True(misses.Count == 0, $"misses:\n{string.Join('\n', misses)}");
    }

    [Fact]
    public async Task CreateEnsemble_TextLongerThanMiniLmReads_IsFlaggedTruncated()
    {
        // About 300 tokens: within arctic-embed-xs's 512, beyond MiniLM's 256.
        string text = string.Join(' ', Enumerable.Range(0, 300).Select(i => $"w{i % 10}"));

        GeneratedEmbeddings<Embedding<float>> result = await Ensemble.GenerateAsync(["short text", text], cancellationToken: Ct);

        Assert.Null(result[0].AdditionalProperties);
        Assert.Equal(true, result[1].AdditionalProperties?[OnnxEmbeddingProperties.Truncated]);
    }

    [Fact]
    public void CreateEnsemble_Services_AreMiniLmsTokenCounterAndTheMeanCalibration()
    {
        ITokenCounter counter = Ensemble.GetService<ITokenCounter>()!;
        RelevanceCalibration calibration = Ensemble.GetService<RelevanceCalibration>()!;

        Assert.Equal(BuiltInModels.MiniLm.MaxTokens, counter.MaxTokens);
        Assert.True(counter.MaxTokens < BuiltInModels.ArcticInt8.MaxTokens);
        Assert.Equal((BuiltInModels.ArcticInt8.GetService<RelevanceCalibration>()!.WithKeywordMatch + BuiltInModels.MiniLm.GetService<RelevanceCalibration>()!.WithKeywordMatch) / 2, calibration.WithKeywordMatch, 1e-12);
        Assert.Equal((BuiltInModels.ArcticInt8.GetService<RelevanceCalibration>()!.WithoutKeywordMatch + BuiltInModels.MiniLm.GetService<RelevanceCalibration>()!.WithoutKeywordMatch) / 2, calibration.WithoutKeywordMatch, 1e-12);
    }

    [Fact]
    public void UseOnnxEmbeddingEnsemble_OnRagBuilder_RegistersOneLazySingletonWithItsTokenCounter()
    {
        var services = new ServiceCollection();

        RagBuilder returned = new RagBuilder(services).UseOnnxEmbeddingEnsemble();
        using ServiceProvider provider = services.BuildServiceProvider();
        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var counter = provider.GetRequiredService<ITokenCounter>();

        Assert.Same(services, returned.Services);
        Assert.IsType<CombinedEmbeddingGenerator>(generator);
        Assert.Same(generator, provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Same(generator.GetService<ITokenCounter>(), counter);
        Assert.Equal("snowflake-arctic-embed-xs-int8+all-MiniLM-L6-v2", generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        Assert.False(Assert.IsType<BertOnnxEmbeddingGenerator>(counter).IsModelLoaded);
    }

    [Fact]
    public void AddKeyedOnnxEmbeddingEnsemble_BesideASingleModel_ResolvesByKey()
    {
        var services = new ServiceCollection();
        services.AddKeyedOnnxEmbeddingGenerator("arctic");
        services.AddKeyedOnnxEmbeddingEnsemble("ensemble");
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(768, provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("ensemble").GetService<EmbeddingModelInfo>()?.Dimensions);
        Assert.Equal(BuiltInModels.MiniLm.MaxTokens, provider.GetRequiredKeyedService<ITokenCounter>("ensemble").MaxTokens);
        Assert.Equal(384, provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("arctic").GetService<EmbeddingModelInfo>()?.Dimensions);
    }
}
