// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.Connectors.Onnx.Tests;

/// <summary>The catalog of built-in models agrees with the generators it configures: names, ids, shapes, files.</summary>
public sealed class BuiltInEmbeddingModelsTests
{
    public static TheoryData<BuiltInEmbeddingModel> Models => [.. Enum.GetValues<BuiltInEmbeddingModel>()];

    [Theory]
    [MemberData(nameof(Models))]
    public void Get_EveryBuiltInModel_DescribesTheGeneratorItConfigures(BuiltInEmbeddingModel model)
    {
        BuiltInEmbeddingModelDescriptor descriptor = BuiltInEmbeddingModels.Get(model);

        foreach (EmbeddingModelPrecision precision in descriptor.Precisions)
        {
            using var generator = OnnxEmbeddingGenerator.Create(new() { BuiltInModel = model, Precision = precision });
            EmbeddingGeneratorMetadata metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;
            Assert.Equal(descriptor.GetModelId(precision), metadata.DefaultModelId);
            Assert.Equal(descriptor.Dimensions, metadata.DefaultModelDimensions);
            Assert.Equal(descriptor.MaxSequenceLength - 2, generator.GetService<ITokenCounter>()!.MaxTokens); // less [CLS] and [SEP]
        }

        using var byDefault = OnnxEmbeddingGenerator.Create(new() { BuiltInModel = model });
        Assert.Equal(descriptor.GetModelId(descriptor.DefaultPrecision), byDefault.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
        Assert.Equal(model, descriptor.Model);
        Assert.Contains(descriptor, BuiltInEmbeddingModels.All);
    }

    [Theory]
    [InlineData("minilm", BuiltInEmbeddingModel.AllMiniLmL6V2)]
    [InlineData("All-MiniLM-L6-v2", BuiltInEmbeddingModel.AllMiniLmL6V2)]
    [InlineData("arctic-xs", BuiltInEmbeddingModel.ArcticEmbedXs)]
    [InlineData("ArcticEmbedXs", BuiltInEmbeddingModel.ArcticEmbedXs)]
    [InlineData("ARCTIC-EMBED-XS", BuiltInEmbeddingModel.ArcticEmbedXs)]
    [InlineData("snowflake-arctic-embed-xs-int8", BuiltInEmbeddingModel.ArcticEmbedXs)]
    public void Find_NameAliasOrModelId_FindsTheModel(string name, BuiltInEmbeddingModel expected)
    {
        Assert.Equal(expected, BuiltInEmbeddingModels.Find(name)?.Model);
    }

    [Theory]
    [InlineData("all-MiniLM-L6-v2-int8")]
    [InlineData("arctic")]
    [InlineData("model.onnx")]
    [InlineData("")]
    public void Find_UnknownName_ReturnsNull(string name)
    {
        Assert.Null(BuiltInEmbeddingModels.Find(name));
    }

    [Fact]
    public void GetModelId_PrecisionTheModelDoesNotShip_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => BuiltInEmbeddingModels.AllMiniLmL6V2.GetModelId(EmbeddingModelPrecision.Int8));

        Assert.Contains("Float32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsembleModelId_IsTheIdTheEnsembleReports()
    {
        using var ensemble = OnnxEmbeddingGenerator.CreateEnsemble();

        Assert.Equal(BuiltInEmbeddingModels.EnsembleModelId, ensemble.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void Default_IsTheModelOfDefaultOptions()
    {
        using var generator = OnnxEmbeddingGenerator.Create();

        Assert.Equal(BuiltInEmbeddingModels.Default.GetModelId(BuiltInEmbeddingModels.Default.DefaultPrecision), generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        Assert.Equal(BuiltInEmbeddingModels.Default, BuiltInEmbeddingModels.All[0]);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void PackageId_IsAProjectOfTheRepository(BuiltInEmbeddingModel model)
    {
        string packageId = BuiltInEmbeddingModels.Get(model).PackageId;

        Assert.True(File.Exists(Path.Combine(Rag.TestUtilities.TestEnvironment.RepositoryRoot, "src", "Connectors", packageId, packageId + ".csproj")), packageId);
    }
}
