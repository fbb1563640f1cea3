// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.Connectors.Onnx.Tests.Quantization;

/// <summary>The int8 ArcticEmbedXs that the build quantized and embedded, against the fp32 model it came from.</summary>
public sealed class BuiltInInt8ModelTests
{
    [Fact]
    public async Task GenerateAsync_BuiltInInt8Arctic_WithinCosineGateOfFloat32()
    {
        float[][] expected = await BuiltInModels.Arctic.EmbedAsync(QuantizationProbes.Sentences);
        float[][] actual = await BuiltInModels.ArcticInt8.EmbedAsync(QuantizationProbes.Sentences);
        float[][] expectedQueries = await BuiltInModels.Arctic.EmbedAsync(QuantizationProbes.Sentences, EmbeddingPurpose.Query);
        float[][] actualQueries = await BuiltInModels.ArcticInt8.EmbedAsync(QuantizationProbes.Sentences, EmbeddingPurpose.Query);

        (double mean, double min) = QuantizationProbes.Compare([.. expected, .. expectedQueries], [.. actual, .. actualQueries]);

        Assert.True(mean >= 0.995, $"mean cosine {mean:F5} < 0.995");
        Assert.True(min >= 0.98, $"min cosine {min:F5} < 0.98");
        Assert.True(mean < 0.99999, $"mean cosine {mean:F6}: the int8 resource looks like the fp32 model");
    }

    [Fact]
    public void GetService_Int8AndFloat32_ReportDifferentModelIds()
    {
        using var int8 = OnnxEmbeddingGenerator.Create(new() { BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs, Precision = EmbeddingModelPrecision.Int8 });
        using var fp32 = OnnxEmbeddingGenerator.Create(new() { BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs, Precision = EmbeddingModelPrecision.Float32 });

        Assert.Equal("snowflake-arctic-embed-xs-int8", int8.GetService<EmbeddingModelInfo>()?.ModelId);
        Assert.Equal("snowflake-arctic-embed-xs", fp32.GetService<EmbeddingModelInfo>()?.ModelId);
        Assert.Equal("snowflake-arctic-embed-xs-int8", int8.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        Assert.Equal("snowflake-arctic-embed-xs", fp32.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void Create_MiniLmDefaultPrecision_IsFloat32()
    {
        using var generator = OnnxEmbeddingGenerator.Create(new() { BuiltInModel = BuiltInEmbeddingModel.AllMiniLmL6V2 });

        Assert.Equal("all-MiniLM-L6-v2", generator.GetService<EmbeddingModelInfo>()?.ModelId);
    }

    [Fact]
    public void Create_MiniLmInt8_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => OnnxEmbeddingGenerator.Create(new() { BuiltInModel = BuiltInEmbeddingModel.AllMiniLmL6V2, Precision = EmbeddingModelPrecision.Int8 }));

        Assert.Contains("fp32 only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_PrecisionWithCustomModel_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => OnnxEmbeddingGenerator.Create(new() { ModelPath = "m.onnx", VocabularyPath = "v.txt", Precision = EmbeddingModelPrecision.Float32 }));
    }
}
