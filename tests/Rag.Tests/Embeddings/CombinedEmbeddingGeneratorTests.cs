// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Rag.TestUtilities;

namespace Rag.Tests.Embeddings;

public sealed class CombinedEmbeddingGeneratorTests
{
    private static readonly string[] s_texts =
    [
        "How many vacation days do employees get?",
        "Employees receive 25 days of paid leave a year.",
        "The cafeteria opens at eight.",
        "Expense reports are due monthly.",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(new[] { 1.0, 1.0 })]
    [InlineData(new[] { 3.0, 1.0 })]
    [InlineData(new[] { 0.5, 2.0, 1.5 })]
    public async Task GenerateAsync_Cosine_EqualsWeightedMeanOfPartCosines(double[] weights)
    {
        // Arrange: parts of different sizes whose raw vectors are not unit length.
        TestEmbeddingGenerator[] parts = [.. weights.Select((_, p) => Part($"model-{p}", dimensions: 3 + (2 * p), seed: p))];
        using var combined = new CombinedEmbeddingGenerator(parts.Select((part, p) => new WeightedEmbeddingGenerator(part, weights[p])));
        float[][][] partVectors = [.. weights.Select((_, p) => s_texts.Select(text => RawVector(text, 3 + (2 * p), p)).ToArray())];

        // Act
        GeneratedEmbeddings<Embedding<float>> result = await combined.GenerateAsync(s_texts, cancellationToken: Ct);

        // Assert
        double total = weights.Sum();
        for (int a = 0; a < s_texts.Length; a++)
        {
            for (int b = a + 1; b < s_texts.Length; b++)
            {
                double expected = weights.Select((w, p) => w / total * Cosine(partVectors[p][a], partVectors[p][b])).Sum();
                Assert.Equal(expected, Cosine(result[a].Vector.Span, result[b].Vector.Span), 1e-5);
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_Vectors_AreUnitLengthWithSummedDimensionsInPartOrder()
    {
        TestEmbeddingGenerator first = Part("a", 5, seed: 1);
        TestEmbeddingGenerator second = Part("b", 3, seed: 2);
        using var combined = Combine(first, second);

        GeneratedEmbeddings<Embedding<float>> result = await combined.GenerateAsync(s_texts, cancellationToken: Ct);

        Assert.Equal(s_texts.Length, result.Count);
        Assert.All(result, e => Assert.Equal(8, e.Vector.Length));
        Assert.All(result, e => Assert.Equal(1.0, Math.Sqrt(Dot(e.Vector.Span, e.Vector.Span)), 1e-6));
        Assert.All(result, e => Assert.Equal("a+b", e.ModelId));

        // The first five values are the first part's direction, scaled by sqrt(1/2).
        float[] head = RawVector(s_texts[0], 5, seed: 1);
        double norm = Math.Sqrt(Dot(head, head));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(head[i] / norm * Math.Sqrt(0.5), result[0].Vector.Span[i], 1e-6);
        }
    }

    [Fact]
    public async Task GenerateAsync_PartReturnsZeroVector_LeavesZerosWithoutNaN()
    {
        TestEmbeddingGenerator zeros = Part("zeros", 4, seed: 0);
        zeros.GenerateAsyncCallback = (texts, _, _) => Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select(_ => new Embedding<float>(new float[4]))));
        using var combined = Combine(Part("a", 3, seed: 1), zeros);

        GeneratedEmbeddings<Embedding<float>> result = await combined.GenerateAsync(["text"], cancellationToken: Ct);

        float[] vector = result[0].Vector.ToArray();
        Assert.DoesNotContain(vector, float.IsNaN);
        Assert.All(vector[3..], v => Assert.Equal(0f, v));
        Assert.Equal(Math.Sqrt(0.5), Math.Sqrt(Dot(vector, vector)), 1e-6);
    }

    [Fact]
    public async Task GenerateAsync_QueryPurpose_ReachesEveryPart()
    {
        TestEmbeddingGenerator first = Part("a", 3, seed: 1);
        TestEmbeddingGenerator second = Part("b", 3, seed: 2);
        using var combined = Combine(first, second);

        await combined.GenerateAsync(["query"], new EmbeddingGenerationOptions().WithPurpose(EmbeddingPurpose.Query), Ct);
        await combined.GenerateAsync(["passage"], cancellationToken: Ct);

        Assert.Equal([EmbeddingPurpose.Query, EmbeddingPurpose.Document], first.ReceivedOptions.Select(o => o.GetPurpose()));
        Assert.Equal([EmbeddingPurpose.Query, EmbeddingPurpose.Document], second.ReceivedOptions.Select(o => o.GetPurpose()));
    }

    [Fact]
    public async Task GenerateAsync_PartReturnsTooFewEmbeddings_ThrowsNamingThePart()
    {
        TestEmbeddingGenerator shortPart = Part("short-model", 3, seed: 2);
        shortPart.GenerateAsyncCallback = (texts, _, _) => Task.FromResult(new GeneratedEmbeddings<Embedding<float>>([new Embedding<float>(new float[] { 1, 0, 0 })]));

        await AssertSecondPartFailsAsync(shortPart, "part 1 (short-model)", "1 embeddings for 2 inputs");
    }

    [Fact]
    public async Task GenerateAsync_PartReturnsMixedDimensions_ThrowsNamingThePart()
    {
        TestEmbeddingGenerator ragged = Part("ragged-model", 3, seed: 2);
        ragged.GenerateAsyncCallback = (texts, _, _) => Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select((_, i) => new Embedding<float>(new float[3 + i]))));

        await AssertSecondPartFailsAsync(ragged, "part 1 (ragged-model)", "4-dimensional vector for input 1");
    }

    /// <summary>Combines a well-behaved part with <paramref name="faulty"/>, embeds two inputs and checks the error names what went wrong.</summary>
    private static async Task AssertSecondPartFailsAsync(TestEmbeddingGenerator faulty, params string[] expectedInMessage)
    {
        using var combined = Combine(Part("a", 3, seed: 1), faulty);

        InvalidOperationException ex = await Assert.ThrowsAsync<InvalidOperationException>(() => combined.GenerateAsync(["one", "two"], cancellationToken: Ct));

        Assert.All(expectedInMessage, expected => Assert.Contains(expected, ex.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateAsync_PartChangesDimensionsBetweenCalls_ThrowsNamingThePart()
    {
        int dimensions = 3;
        TestEmbeddingGenerator changing = Part("changing-model", 3, seed: 2);
        changing.GenerateAsyncCallback = (texts, _, _) => Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select(_ => new Embedding<float>(Enumerable.Repeat(1f, dimensions).ToArray()))));
        using var combined = Combine(changing, Part("b", 3, seed: 1));
        await combined.GenerateAsync(["one"], cancellationToken: Ct);
        dimensions = 4;

        InvalidOperationException ex = await Assert.ThrowsAsync<InvalidOperationException>(() => combined.GenerateAsync(["two"], cancellationToken: Ct));

        Assert.Contains("part 0 (changing-model)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_PartFlagsTruncation_CombinedEmbeddingKeepsTheFlag()
    {
        TestEmbeddingGenerator truncating = Part("short-window", 3, seed: 2);
        truncating.GenerateAsyncCallback = (texts, _, _) => Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select(text => new Embedding<float>(new float[] { 1, 2, 3 })
        {
            AdditionalProperties = text.Length > 10 ? new() { ["rag.truncated"] = true } : null,
        }))
        {
            Usage = new UsageDetails { InputTokenCount = 7, TotalTokenCount = 7 },
        });
        using var combined = Combine(Part("a", 3, seed: 1), truncating);

        GeneratedEmbeddings<Embedding<float>> result = await combined.GenerateAsync(["short", "a much longer text"], cancellationToken: Ct);

        Assert.Null(result[0].AdditionalProperties);
        Assert.Equal(true, result[1].AdditionalProperties?["rag.truncated"]);
        Assert.Equal(7 + 2, result.Usage?.InputTokenCount); // the fake part counts one token per text
    }

    [Fact]
    public async Task GenerateAsync_CanceledWhileFirstPartRuns_ThrowsAndSkipsLaterParts()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        TestEmbeddingGenerator first = Part("a", 3, seed: 1);
        Func<IReadOnlyList<string>, EmbeddingGenerationOptions?, CancellationToken, Task<GeneratedEmbeddings<Embedding<float>>>> embed = first.GenerateAsyncCallback!;
        first.GenerateAsyncCallback = (texts, options, token) =>
        {
            Assert.Equal(cts.Token, token);
            cts.Cancel();
            return embed(texts, options, token);
        };
        TestEmbeddingGenerator second = Part("b", 3, seed: 2);
        using var combined = Combine(first, second);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => combined.GenerateAsync(["text"], cancellationToken: cts.Token));

        Assert.Empty(second.ReceivedOptions);
    }

    [Fact]
    public async Task GenerateAsync_AlreadyCanceled_ThrowsBeforeAnyPart()
    {
        TestEmbeddingGenerator first = Part("a", 3, seed: 1);
        using var combined = Combine(first, Part("b", 3, seed: 2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => combined.GenerateAsync(["text"], cancellationToken: new CancellationToken(canceled: true)));

        Assert.Empty(first.ReceivedOptions);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_BadWeight_ThrowsNamingThePart(double weight)
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new CombinedEmbeddingGenerator([new(Part("a", 3, 1), 1), new(Part("b", 3, 2), weight)]));

        Assert.Contains("Part 1", ex.Message, StringComparison.Ordinal);
        Assert.Equal("parts", ex.ParamName);
    }

    [Fact]
    public void Constructor_OnePart_Throws()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new CombinedEmbeddingGenerator([new(Part("a", 3, 1), 1)]));

        Assert.Contains("at least two parts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullGenerator_ThrowsNamingThePart()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new CombinedEmbeddingGenerator([new(Part("a", 3, 1), 1), new(Part("b", 3, 2), 1), new(null!, 1)]));

        Assert.Contains("Part 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetService_EqualWeights_JoinsModelIdsAndSumsDimensions()
    {
        using var combined = Combine(Part("alpha", 6, 1), Part("beta", 4, 2));

        Assert.Equal(new EmbeddingModelInfo("alpha+beta", 10), combined.GetService<EmbeddingModelInfo>());
        EmbeddingGeneratorMetadata metadata = combined.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal("alpha+beta", metadata.DefaultModelId);
        Assert.Equal(10, metadata.DefaultModelDimensions);
        Assert.Equal("combined", metadata.ProviderName);
    }

    [Fact]
    public void GetService_UnequalWeights_AppendsEachShareToItsModelId()
    {
        using var combined = new CombinedEmbeddingGenerator([new(Part("alpha", 6, 1), 3), new(Part("beta", 4, 2), 1)]);

        Assert.Equal("alpha*0.75+beta*0.25", combined.GetService<EmbeddingModelInfo>()?.ModelId);
    }

    [Fact]
    public void GetService_PartWithoutModelId_NoModelInfo()
    {
        TestEmbeddingGenerator anonymous = Part("a", 3, 1);
        anonymous.GetServiceCallback = (_, _) => null;
        using var combined = Combine(Part("b", 3, 2), anonymous);

        Assert.Null(combined.GetService<EmbeddingModelInfo>());
        Assert.Null(combined.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void GetService_TokenCounter_IsThePartsWithTheSmallestMaxTokens()
    {
        using var combined = Combine(Part("a", 3, 1, maxTokens: 512), Part("b", 3, 2, maxTokens: 256), Part("c", 3, 3, maxTokens: 384));

        Assert.Equal(256, combined.GetService<ITokenCounter>()?.MaxTokens);
    }

    [Fact]
    public void GetService_PartWithoutTokenCounter_NoTokenCounter()
    {
        using var combined = Combine(Part("a", 3, 1, maxTokens: 512), Part("b", 3, 2));

        Assert.Null(combined.GetService<ITokenCounter>());
    }

    [Fact]
    public void GetService_Calibration_IsTheWeightedMeanOfThePartsFloors()
    {
        using var combined = new CombinedEmbeddingGenerator(
        [
            new(Part("a", 3, 1, calibration: new RelevanceCalibration(0.4, 0.6)), 3),
            new(Part("b", 3, 2, calibration: new RelevanceCalibration(0.2, 0.4)), 1),
        ]);

        RelevanceCalibration calibration = combined.GetService<RelevanceCalibration>()!;

        Assert.Equal(0.35, calibration.WithKeywordMatch, 1e-12);
        Assert.Equal(0.55, calibration.WithoutKeywordMatch, 1e-12);
    }

    [Fact]
    public void GetService_PartWithoutCalibration_NoCalibration()
    {
        using var combined = Combine(Part("a", 3, 1, calibration: new RelevanceCalibration(0.4, 0.6)), Part("b", 3, 2));

        Assert.Null(combined.GetService<RelevanceCalibration>());
    }

    [Fact]
    public void GetService_OtherServicesAndKeys_AreNotForwarded()
    {
        TestEmbeddingGenerator part = Part("a", 3, 1, maxTokens: 128);
        TestEmbeddingGenerator other = Part("b", 3, 2, maxTokens: 128);
        part.GetServiceCallback = (type, key) => type == typeof(Uri) ? new Uri("http://part") : null;
        using var combined = Combine(part, other);

        Assert.Null(combined.GetService(typeof(Uri)));
        Assert.Null(combined.GetService(typeof(ITokenCounter), "key"));
        Assert.Same(combined, combined.GetService<CombinedEmbeddingGenerator>());
        Assert.Same(combined, combined.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public void Dispose_OwningParts_DisposesEachOnce()
    {
        TestEmbeddingGenerator first = Part("a", 3, 1);
        TestEmbeddingGenerator second = Part("b", 3, 2);
        var combined = Combine(first, second);

        combined.Dispose();
        combined.Dispose();

        Assert.Equal(1, first.DisposeCount);
        Assert.Equal(1, second.DisposeCount);
    }

    [Fact]
    public async Task Dispose_NotOwningParts_LeavesThemUsable()
    {
        TestEmbeddingGenerator first = Part("a", 3, 1);
        TestEmbeddingGenerator second = Part("b", 3, 2);
        var combined = new CombinedEmbeddingGenerator([new(first, 1), new(second, 1)], disposeParts: false);

        combined.Dispose();

        Assert.Equal(0, first.DisposeCount + second.DisposeCount);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => combined.GenerateAsync(["text"], cancellationToken: Ct));
    }

    private static CombinedEmbeddingGenerator Combine(params TestEmbeddingGenerator[] parts) =>
        new(parts.Select(part => new WeightedEmbeddingGenerator(part, 1)));

    /// <summary>A fake model: a deterministic, not normalised vector per text (one token per text in its usage).</summary>
    private static TestEmbeddingGenerator Part(string modelId, int dimensions, int seed, int? maxTokens = null, RelevanceCalibration? calibration = null) => new()
    {
        GenerateAsyncCallback = (texts, _, cancellationToken) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select(text => new Embedding<float>(RawVector(text, dimensions, seed))))
            {
                Usage = new UsageDetails { InputTokenCount = texts.Count, TotalTokenCount = texts.Count },
            });
        },
        GetServiceCallback = (type, key) =>
            key is not null ? null
            : type == typeof(EmbeddingModelInfo) ? new EmbeddingModelInfo(modelId, dimensions)
            : type == typeof(ITokenCounter) && maxTokens is int max ? new FixedTokenCounter(max)
            : type == typeof(RelevanceCalibration) ? calibration
            : null,
    };

    private static float[] RawVector(string text, int dimensions, int seed)
    {
        int hash = seed;
        foreach (char c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        var random = new Random(hash);
        return [.. Enumerable.Range(0, dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1) * (1 + (text.Length % 7)))];
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Dot(a, b) / Math.Sqrt(Dot(a, a) * Dot(b, b));

    private sealed class FixedTokenCounter(int maxTokens) : ITokenCounter
    {
        public int MaxTokens => maxTokens;

        public int CountTokens(string text) => text.Length;
    }
}
