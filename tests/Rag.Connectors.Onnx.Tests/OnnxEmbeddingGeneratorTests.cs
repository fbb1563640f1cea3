// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Rag.TestUtilities;

namespace Rag.Connectors.Onnx.Tests;

/// <summary>Behaviour of the generator: batching, truncation, bad input, cancellation, custom models, metadata.</summary>
public sealed class OnnxEmbeddingGeneratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_MixedLengthsInSmallBatches_EqualsEmbeddingEachAlone()
    {
        // Arrange: lengths vary so sorting reorders them and batches pad differently.
        string[] texts = [.. Enumerable.Range(0, 11).Select(i => string.Join(' ', Enumerable.Repeat($"word{i} about topic {i}", 1 + ((i * 7) % 5))))];
        using var generator = OnnxEmbeddingGenerator.Create(new() { BuiltInModel = BuiltInEmbeddingModel.AllMiniLmL6V2, MaxBatchSize = 3 });

        // Act
        float[][] batched = await generator.EmbedAsync(texts);

        // Assert
        for (int i = 0; i < texts.Length; i++)
        {
            float[] alone = (await BuiltInModels.MiniLm.EmbedAsync([texts[i]]))[0];
            Assert.True(BuiltInModels.Cosine(alone, batched[i]) >= 0.9999f, $"Text {i} differs when batched.");
        }
    }

    [Fact]
    public async Task GenerateAsync_Result_CarriesModelIdUsageAndUnitVectors()
    {
        GeneratedEmbeddings<Embedding<float>> result = await BuiltInModels.Arctic.GenerateAsync(["Hello world", "Second text here"], cancellationToken: Ct);

        Assert.Equal(2, result.Count);
        Assert.All(result, e => Assert.Equal("snowflake-arctic-embed-xs", e.ModelId));
        Assert.All(result, e => Assert.Equal(384, e.Vector.Length));
        Assert.All(result, e => Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(e.Vector.Span), 3));
        Assert.Equal(4 + 5, result.Usage?.InputTokenCount);
        Assert.All(result, e => Assert.Null(e.AdditionalProperties));
    }

    [Fact]
    public async Task GenerateAsync_TextLongerThanModel_IsTruncatedFlaggedAndLogged()
    {
        // Arrange
        using var logs = new ListLoggerProvider();
        using var generator = OnnxEmbeddingGenerator.Create(new() { BuiltInModel = BuiltInEmbeddingModel.AllMiniLmL6V2 }, logs);
        string head = string.Join(' ', Enumerable.Range(0, 300).Select(i => $"w{i % 10}"));
        string longText = head + " " + string.Join(' ', Enumerable.Repeat("completely different tail content", 100));

        // Act
        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["short text", longText, head], cancellationToken: Ct);

        // Assert
        Assert.Null(result[0].AdditionalProperties);
        Assert.Equal(true, result[1].AdditionalProperties?[OnnxEmbeddingProperties.Truncated]);
        Assert.True((int)result[1].AdditionalProperties![OnnxEmbeddingProperties.InputTokenCount]! > 254);
        Assert.Equal(result[2].Vector.ToArray(), result[1].Vector.ToArray()); // only the leading tokens count
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("input 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateAsync_NullValues_ThrowsArgumentNullException()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => BuiltInModels.Arctic.GenerateAsync(null!, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => BuiltInModels.Arctic.GenerateAsync(["ok", null!], cancellationToken: Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n ")]
    public async Task GenerateAsync_EmptyOrWhitespaceText_ThrowsArgumentExceptionNamingIndex(string bad)
    {
        ArgumentException ex = await Assert.ThrowsAsync<ArgumentException>(() => BuiltInModels.Arctic.GenerateAsync(["fine", "also fine", bad], cancellationToken: Ct));

        Assert.Contains("index 2", ex.Message, StringComparison.Ordinal);
        Assert.Equal("values", ex.ParamName);
    }

    [Fact]
    public async Task GenerateAsync_AlreadyCanceled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BuiltInModels.Arctic.GenerateAsync(["text"], cancellationToken: cts.Token));
    }

    [Fact]
    public async Task GenerateAsync_CanceledBetweenBatches_StopsWithOperationCanceled()
    {
        // Arrange: 400 one-item batches take far longer than the 50 ms before cancellation.
        using var generator = OnnxEmbeddingGenerator.Create(new() { BuiltInModel = BuiltInEmbeddingModel.AllMiniLmL6V2, MaxBatchSize = 1 });
        string[] texts = [.. Enumerable.Range(0, 400).Select(i => $"Sentence number {i} about cancellation between batches.")];
        await generator.GenerateAsync(["warm up"], cancellationToken: Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(50));

        // Act + Assert
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Run(() => generator.GenerateAsync(texts, cancellationToken: cts.Token), Ct));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"Cancellation took {watch.Elapsed}.");
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentCallers_GetTheSameVectorsAsSequential()
    {
        string[] texts = ParityTests.Sentences;
        float[][] sequential = await BuiltInModels.Arctic.EmbedAsync(texts);

        float[][][] concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => BuiltInModels.Arctic.EmbedAsync(texts), Ct)));

        foreach (float[][] run in concurrent)
        {
            for (int i = 0; i < texts.Length; i++)
            {
                Assert.True(BuiltInModels.Cosine(sequential[i], run[i]) >= 0.9999f);
            }
        }
    }

    [Fact]
    public void Create_DefaultOptions_UsesMiniLmAndDoesNotLoadTheModel()
    {
        using var generator = OnnxEmbeddingGenerator.Create();

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        var model = generator.GetService<EmbeddingModelInfo>();

        Assert.Equal("all-MiniLM-L6-v2", metadata?.DefaultModelId);
        Assert.Equal(384, metadata?.DefaultModelDimensions);
        Assert.Equal(new EmbeddingModelInfo("all-MiniLM-L6-v2", 384), model);
        Assert.False(((BertOnnxEmbeddingGenerator)generator).IsModelLoaded);
    }

    [Fact]
    public void Create_MissingModelFile_ThrowsFileNotFoundNamingPath()
    {
        using var dir = new TemporaryDirectory();
        string missing = Path.Combine(dir.Path, "nope", "model.onnx");

        FileNotFoundException ex = Assert.Throws<FileNotFoundException>(() => OnnxEmbeddingGenerator.Create(new() { ModelPath = missing, VocabularyPath = missing }));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ModelPathWithoutVocabulary_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => OnnxEmbeddingGenerator.Create(new() { ModelPath = "model.onnx" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxEmbeddingGenerator.Create(new() { MaxBatchSize = 0 }));
    }

    [Fact]
    public async Task GenerateAsync_CorruptModelFile_ThrowsInvalidDataNamingPath()
    {
        // Arrange
        using var dir = new TemporaryDirectory();
        string modelPath = Path.Combine(dir.Path, "corrupt.onnx");
        await File.WriteAllBytesAsync(modelPath, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))], Ct);
        string vocabularyPath = await WriteBuiltInVocabularyAsync(dir.Path);
        using var generator = OnnxEmbeddingGenerator.Create(new() { ModelPath = modelPath, VocabularyPath = vocabularyPath });

        // Act
        InvalidDataException ex = await Assert.ThrowsAsync<InvalidDataException>(() => generator.GenerateAsync(["text"], cancellationToken: Ct));

        // Assert
        Assert.Contains(modelPath, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_CustomModelFileWithMeanPooling_EqualsBuiltInMiniLm()
    {
        // Arrange: bring-your-own model = the MiniLM model written out as files.
        using var dir = new TemporaryDirectory();
        string modelPath = Path.Combine(dir.Path, "my-model.onnx");
        File.Copy(EmbeddingModelDefinition.Create(new() { BuiltInModel = BuiltInEmbeddingModel.AllMiniLmL6V2 }).ModelPath, modelPath);
        string vocabularyPath = await WriteBuiltInVocabularyAsync(dir.Path);
        using var generator = OnnxEmbeddingGenerator.Create(new() { ModelPath = modelPath, VocabularyPath = vocabularyPath, Pooling = EmbeddingPooling.Mean, MaxSequenceLength = 256 });

        // Act
        float[][] custom = await generator.EmbedAsync(ParityTests.Sentences[..3]);

        // Assert
        float[][] builtIn = await BuiltInModels.MiniLm.EmbedAsync(ParityTests.Sentences[..3]);
        for (int i = 0; i < custom.Length; i++)
        {
            Assert.True(BuiltInModels.Cosine(builtIn[i], custom[i]) >= 0.9999f);
        }

        Assert.Equal(new EmbeddingModelInfo("my-model", 384), generator.GetService<EmbeddingModelInfo>());
    }

    [Fact]
    public async Task GenerateAsync_ClsInsteadOfMeanPooling_ChangesVectors()
    {
        using var generator = OnnxEmbeddingGenerator.Create(new() { BuiltInModel = BuiltInEmbeddingModel.AllMiniLmL6V2, Pooling = EmbeddingPooling.Cls });

        float[] cls = (await generator.EmbedAsync(["The quick brown fox jumps over the lazy dog."]))[0];
        float[] mean = (await BuiltInModels.MiniLm.EmbedAsync(["The quick brown fox jumps over the lazy dog."]))[0];

        Assert.True(BuiltInModels.Cosine(cls, mean) < 0.99f);
    }

    private static async Task<string> WriteBuiltInVocabularyAsync(string directory)
    {
        string path = Path.Combine(directory, "vocab.txt");
        await File.WriteAllLinesAsync(path, BuiltInModels.ReadVocabulary(BuiltInEmbeddingModel.AllMiniLmL6V2).Where(l => l.Length > 0), Ct);
        return path;
    }
}
