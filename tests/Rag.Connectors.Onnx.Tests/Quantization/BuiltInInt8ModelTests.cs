// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.Connectors.Onnx.Tests.Quantization;

/// <summary>The int8 ArcticEmbedXs that the build rewrote from the fp32 model (package Rag.Connectors.Onnx.Models.ArcticXs), against that fp32 model.</summary>
public sealed class BuiltInInt8ModelTests
{
    [Fact]
    public async Task GenerateAsync_BuiltInInt8Arctic_WithinCosineGateOfFloat32()
    {
        // The quality gate, on the CPU these tests run on (the build runs no model): the same thresholds on every machine.
        // The quantizer's own probes are included: on AVX2 without VNNI, full-range 8-bit weights fell to 0.97949 on one.
        string[] probes = [.. QuantizationProbes.Sentences, .. OnnxModelQuantizer.DefaultProbeSentences];
        float[][] expected = await BuiltInModels.Arctic.EmbedAsync(probes);
        float[][] actual = await BuiltInModels.ArcticInt8.EmbedAsync(probes);
        float[][] expectedQueries = await BuiltInModels.Arctic.EmbedAsync(probes, EmbeddingPurpose.Query);
        float[][] actualQueries = await BuiltInModels.ArcticInt8.EmbedAsync(probes, EmbeddingPurpose.Query);

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
