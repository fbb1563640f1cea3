// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Onnx;

namespace Rag.Connectors.Onnx.Tests.Quantization;

public sealed class OnnxModelQuantizerTests(ArcticModelFiles files) : IClassFixture<ArcticModelFiles>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QuantizeAsync_ArcticXs_LoadsAndStaysWithinCosineGate()
    {
        // Arrange
        string output = files.NewOutputPath();

        // Act
        OnnxQuantizationReport report = await OnnxModelQuantizer.QuantizeAsync(
            files.ModelPath, output, new OnnxQuantizationOptions { Pooling = EmbeddingPooling.Cls }, Ct);

        // Assert: the graph was rewritten as reported, the file loads, and our own probes stay close to fp32.
        Assert.Equal(36, report.MatMulsQuantized);
        Assert.Equal(36, report.BiasesFolded);
        Assert.True(report.OutputBytes < report.InputBytes / 2, report.ToString());
        Assert.Equal(new FileInfo(output).Length, report.OutputBytes);
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(output));
        Assert.Equal(36, model.Graph.Node.Count(n => n.OpType == "DynamicQuantizeMatMul" && n.Domain == "com.microsoft"));
        Assert.Equal(12, model.Graph.Node.Count(n => n.OpType == "MatMul")); // attention's activation-by-activation products stay
        ModelProto original = ModelProto.Parser.ParseFrom(File.ReadAllBytes(files.ModelPath));
        var originalInitializers = original.Graph.Initializer.Select(t => t.Name).ToHashSet();
        string[] originalWeights = [.. original.Graph.Node.Where(n => n.OpType == "MatMul" && originalInitializers.Contains(n.Input[1])).Select(n => n.Input[1])];
        Assert.Equal(36, originalWeights.Length);
        Assert.DoesNotContain(model.Graph.Initializer, t => originalWeights.Contains(t.Name));
        Assert.Contains(model.Graph.Initializer, t => t.Name == "embeddings.word_embeddings.weight_fp16" && t.DataType == (int)TensorProto.Types.DataType.Float16);

        using IEmbeddingGenerator<string, Embedding<float>> quantized = OnnxEmbeddingGenerator.Create(new()
        {
            ModelPath = output, VocabularyPath = files.VocabularyPath, Pooling = EmbeddingPooling.Cls, IntraOpNumThreads = 2,
        });
        (double mean, double min) = QuantizationProbes.Compare(
            await BuiltInModels.Arctic.EmbedAsync(QuantizationProbes.Sentences),
            await quantized.EmbedAsync(QuantizationProbes.Sentences));
        Assert.True(mean >= 0.995, $"mean cosine {mean:F5} < 0.995");
        Assert.True(min >= 0.98, $"min cosine {min:F5} < 0.98");
        Assert.True(report.MeanCosine >= 0.995 && report.MinCosine >= 0.98, report.ToString());
    }

    [Fact]
    public async Task QuantizeAsync_DamagedWeights_RefusesWithFiguresAndWritesNothing()
    {
        // Arrange: 2-bit weights ({-1, 0, 1} times a column scale) ruin the model; the default gate must catch it.
        string output = files.NewOutputPath();
        var options = new OnnxQuantizationOptions { Pooling = EmbeddingPooling.Cls, WeightBits = 2 };

        // Act
        var ex = await Assert.ThrowsAsync<OnnxQuantizationException>(() => OnnxModelQuantizer.QuantizeAsync(files.ModelPath, output, options, Ct));

        // Assert
        Assert.NotNull(ex.Report);
        Assert.True(ex.MeanCosine < 0.995 || ex.MinCosine < 0.98, ex.Message);
        Assert.Equal(ex.Report.MeanCosine, ex.MeanCosine);
        Assert.Contains(ex.MeanCosine.ToString("F5", System.Globalization.CultureInfo.CurrentCulture), ex.Message, StringComparison.Ordinal);
        Assert.Contains("refused", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.DoesNotContain(Directory.GetFiles(files.Directory), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QuantizeAsync_ThresholdAboveReach_Refuses()
    {
        var options = new OnnxQuantizationOptions { Pooling = EmbeddingPooling.Cls, MinCosine = 1.0, StoreFloat16 = false };

        var ex = await Assert.ThrowsAsync<OnnxQuantizationException>(() => OnnxModelQuantizer.QuantizeAsync(files.ModelPath, files.NewOutputPath(), options, Ct));

        Assert.True(ex.MinCosine is > 0.98 and < 1.0, ex.Message);
        Assert.Equal(36, ex.Report!.MatMulsQuantized);
        Assert.Equal(0, ex.Report.InitializersStoredAsFloat16);
    }

    [Fact]
    public async Task QuantizeAsync_KeepFloat32Layer_LeavesThatLayersMatMulsInFloat()
    {
        // Arrange
        string output = files.NewOutputPath();
        var options = new OnnxQuantizationOptions { Pooling = EmbeddingPooling.Cls, KeepFloat32 = { "/encoder/layer.0/" } };

        // Act
        OnnxQuantizationReport report = await OnnxModelQuantizer.QuantizeAsync(files.ModelPath, output, options, Ct);

        // Assert
        Assert.Equal(6, report.MatMulsKeptFloat32);
        Assert.Equal(30, report.MatMulsQuantized);
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(output));
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name);
        NodeProto[] layer0 = [.. model.Graph.Node.Where(n => n.Name.StartsWith("/encoder/layer.0/", StringComparison.Ordinal) && n.OpType is "MatMul" or "DynamicQuantizeMatMul")];
        NodeProto[] weighted = [.. layer0.Where(n => n.OpType == "MatMul" && initializers.ContainsKey(n.Input[1]))];
        Assert.Equal(6, weighted.Length);
        Assert.All(weighted, n => Assert.Equal((int)TensorProto.Types.DataType.Float, initializers[n.Input[1]].DataType));
        Assert.DoesNotContain(layer0, n => n.OpType == "DynamicQuantizeMatMul");
        Assert.Contains(model.Graph.Node, n => n.OpType == "DynamicQuantizeMatMul" && n.Name.StartsWith("/encoder/layer.1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QuantizeAsync_Canceled_ThrowsAndWritesNothing()
    {
        string output = files.NewOutputPath();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => OnnxModelQuantizer.QuantizeAsync(files.ModelPath, output, null, cancellation.Token));

        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task QuantizeAsync_MissingVocabulary_ThrowsFileNotFound()
    {
        var options = new OnnxQuantizationOptions { VocabularyPath = Path.Combine(files.Directory, "missing.txt") };

        var ex = await Assert.ThrowsAsync<FileNotFoundException>(() => OnnxModelQuantizer.QuantizeAsync(files.ModelPath, files.NewOutputPath(), options, Ct));

        Assert.Contains("missing.txt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuantizeAsync_WeightBitsOutOfRange_Throws()
    {
        var options = new OnnxQuantizationOptions { WeightBits = 9 };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OnnxModelQuantizer.QuantizeAsync(files.ModelPath, files.NewOutputPath(), options, Ct));
    }
}
