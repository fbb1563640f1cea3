// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Security.Cryptography;

namespace Rag.Connectors.Onnx.Tests.Quantization;

/// <summary>
/// The built-in model files are the same bytes on every machine: the fp32 inputs are pinned, and the int8 model is a pure
/// function of its fp32 model (the build rewrites the graph and runs nothing), so its hash is pinned too. A change of the
/// quantizer that moves these bytes must update the hash here, and the quality gate in <see cref="BuiltInInt8ModelTests"/>
/// re-checks the result on the CPU the tests run on.
/// </summary>
public sealed class BuiltInModelBytesTests
{
    private const string ArcticFloat32Sha256 = "cf2698d30ff05da02c70a088313bad56e5c2f401d734cb24a8390d446111936c";
    private const string ArcticInt8Sha256 = "d9750e2bcf39d68570f6b1a88088548b01aaa163001747e49e846880355de10e";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BuiltInArcticFiles_HavePinnedHashes()
    {
        Assert.Equal(ArcticFloat32Sha256, await Sha256Async(ArcticFile(EmbeddingModelPrecision.Float32)));
        Assert.Equal(ArcticInt8Sha256, await Sha256Async(ArcticFile(EmbeddingModelPrecision.Int8)));
    }

    [Fact]
    public async Task RewriteAsync_BuiltInArcticFloat32_ReproducesShippedInt8Bytes()
    {
        // Arrange
        using var directory = new Rag.TestUtilities.TemporaryDirectory();
        string output = Path.Combine(directory.Path, "model.int8.onnx");

        // Act: what the build does, here, on this machine's CPU.
        await OnnxModelQuantizer.RewriteAsync(ArcticFile(EmbeddingModelPrecision.Float32), output, new OnnxQuantizationOptions(), Ct);

        // Assert
        Assert.Equal(ArcticInt8Sha256, await Sha256Async(output));
    }

    [Fact]
    public void Require_AbsentModelPackage_NamesPackageToAdd()
    {
        var files = new BuiltInModelFiles("NoSuchModel", "no-such-model");

        var ex = Assert.Throws<FileNotFoundException>(() => files.Require("model.onnx"));

        Assert.Contains("dotnet add package Rag.Connectors.Onnx.Models.NoSuchModel", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-model", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "rag-models", "NoSuchModel", "model.onnx"), ex.FileName);
    }

    [Theory]
    [InlineData(BuiltInEmbeddingModel.AllMiniLmL6V2, "MiniLM")]
    [InlineData(BuiltInEmbeddingModel.ArcticEmbedXs, "ArcticXs")]
    public void Create_BuiltInModel_ReadsFilesFromApplicationFolder(BuiltInEmbeddingModel model, string folder)
    {
        EmbeddingModelDefinition definition = EmbeddingModelDefinition.Create(new() { BuiltInModel = model });

        string expected = Path.Combine(AppContext.BaseDirectory, "rag-models", folder);
        Assert.Equal(expected, Path.GetDirectoryName(definition.ModelPath));
        Assert.Equal(Path.Combine(expected, "vocab.txt"), definition.VocabularyPath);
        Assert.StartsWith("built-in ", definition.Source, StringComparison.Ordinal);
    }

    private static string ArcticFile(EmbeddingModelPrecision precision) =>
        EmbeddingModelDefinition.Create(new() { BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs, Precision = precision }).ModelPath;

    private static async Task<string> Sha256Async(string path)
    {
        await using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, Ct));
    }
}
