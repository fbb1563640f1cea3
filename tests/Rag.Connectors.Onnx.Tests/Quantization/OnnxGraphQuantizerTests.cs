// Copyright (c) Rag contributors. Licensed under the MIT License.

using Onnx;

namespace Rag.Connectors.Onnx.Tests.Quantization;

public sealed class OnnxGraphQuantizerTests
{
    private static readonly long[] s_inputShape = [4, 64];

    [Fact]
    public void Rewrite_MatMulWithBias_FoldsBiasAndMatchesFloatOutput()
    {
        // Arrange: Y = X·W + b, the bias on the left of the Add as torch exports it.
        float[] weights = TinyOnnxModel.Random(64 * 32, seed: 1);
        float[] bias = TinyOnnxModel.Random(32, seed: 2);
        ModelProto model = CreateLinear(weights, bias);
        float[] x = TinyOnnxModel.Random(4 * 64, seed: 3);
        float[] expected = TinyOnnxModel.Run(model, x, s_inputShape);

        // Act
        GraphRewriteCounts counts = OnnxGraphQuantizer.Rewrite(model, new OnnxQuantizationOptions(), CancellationToken.None);
        float[] actual = TinyOnnxModel.Run(model, x, s_inputShape);

        // Assert
        Assert.Equal(1, counts.MatMulsQuantized);
        Assert.Equal(1, counts.BiasesFolded);
        NodeProto node = Assert.Single(model.Graph.Node);
        Assert.Equal(("DynamicQuantizeMatMul", "com.microsoft"), (node.OpType, node.Domain));
        Assert.Equal(["X", "W_quantized", "W_scale", string.Empty, "b"], node.Input);
        Assert.Equal((int)TensorProto.Types.DataType.Int8, model.Graph.Initializer.Single(t => t.Name == "W_quantized").DataType);
        Assert.DoesNotContain(model.Graph.Initializer, t => t.Name == "W");
        Assert.Contains(model.OpsetImport, o => o.Domain == "com.microsoft");
        float cosine = BuiltInModels.Cosine(expected, actual);
        Assert.True(cosine > 0.999f, $"cosine {cosine}");
        float maxError = expected.Select((e, i) => Math.Abs(e - actual[i])).Max();
        Assert.True(maxError < 0.05f * expected.Max(Math.Abs), $"max error {maxError}");
    }

    [Fact]
    public void QuantizePerColumn_ColumnsOfDifferentScale_EachUsesFullRange()
    {
        // Column 0 is a thousand times smaller than column 1: a per-tensor scale would flatten it to zero.
        float[] weights = [0.001f, 1f, -0.0005f, -0.5f, 0.00025f, 0.25f];

        (byte[] quantized, float[] scales) = OnnxGraphQuantizer.QuantizePerColumn(weights, rows: 3, columns: 2, bits: 8);

        Assert.Equal(0.001f / 127, scales[0], 1e-9f);
        Assert.Equal(1f / 127, scales[1], 1e-7f);
        sbyte[] levels = [.. quantized.Select(b => unchecked((sbyte)b))];
        Assert.Equal([127, 127, -64, -64, 32, 32], levels.Select(l => (int)l));
    }

    [Fact]
    public void Rewrite_KeepFloat32Prefix_LeavesMatchingMatMul()
    {
        ModelProto model = CreateLinear(TinyOnnxModel.Random(64 * 32, seed: 1), TinyOnnxModel.Random(32, seed: 2));
        var options = new OnnxQuantizationOptions { KeepFloat32 = { "/layer.0/" } };

        GraphRewriteCounts counts = OnnxGraphQuantizer.Rewrite(model, options, CancellationToken.None);

        Assert.Equal((0, 1), (counts.MatMulsQuantized, counts.MatMulsKeptFloat32));
        Assert.Equal(["MatMul", "Add"], model.Graph.Node.Select(n => n.OpType));
        Assert.DoesNotContain(model.OpsetImport, o => o.Domain == "com.microsoft");
    }

    [Fact]
    public void Rewrite_Float16StorageOfMaskWithFloatMinValue_ClampsAndStaysFinite()
    {
        // Arrange: Y = X + M, where the mask M holds float.MinValue (as ArcticXs's attention mask does) and ordinary values.
        float[] mask = TinyOnnxModel.Random(4 * 64, seed: 4);
        mask[0] = float.MinValue;
        mask[1] = float.MaxValue;
        mask[2] = -70000f;
        ModelProto model = TinyOnnxModel.Create(s_inputShape, s_inputShape, [TinyOnnxModel.Floats("M", s_inputShape, mask)],
            TinyOnnxModel.Node("Add", "/mask/Add", ["X", "M"], "Y"));
        float[] x = new float[4 * 64];

        // Act
        GraphRewriteCounts counts = OnnxGraphQuantizer.Rewrite(model, new OnnxQuantizationOptions { Float16MinElements = 16 }, CancellationToken.None);
        float[] y = TinyOnnxModel.Run(model, x, s_inputShape);

        // Assert
        Assert.Equal(1, counts.InitializersStoredAsFloat16);
        Assert.Equal(3, counts.ValuesClampedToFloat16);
        Assert.Equal((int)TensorProto.Types.DataType.Float16, Assert.Single(model.Graph.Initializer).DataType);
        Assert.Equal("Cast", model.Graph.Node[0].OpType);
        Assert.Equal([-65504f, 65504f, -65504f], y[..3]);
        Assert.All(y, v => Assert.True(float.IsFinite(v)));
        for (int i = 3; i < y.Length; i++)
        {
            Assert.Equal(mask[i], y[i], 1e-3f);
        }
    }

    [Fact]
    public void Rewrite_SmallInitializer_StaysFloat32()
    {
        ModelProto model = TinyOnnxModel.Create(s_inputShape, s_inputShape, [TinyOnnxModel.Floats("M", s_inputShape, new float[4 * 64])],
            TinyOnnxModel.Node("Add", "/mask/Add", ["X", "M"], "Y"));

        GraphRewriteCounts counts = OnnxGraphQuantizer.Rewrite(model, new OnnxQuantizationOptions { Float16MinElements = 257 }, CancellationToken.None);

        Assert.Equal(0, counts.InitializersStoredAsFloat16);
        Assert.Equal((int)TensorProto.Types.DataType.Float, Assert.Single(model.Graph.Initializer).DataType);
    }

    private static ModelProto CreateLinear(float[] weights, float[] bias) =>
        TinyOnnxModel.Create(
            s_inputShape, [4, 32],
            [TinyOnnxModel.Floats("W", [64, 32], weights), TinyOnnxModel.Floats("b", [32], bias)],
            TinyOnnxModel.Node("MatMul", "/layer.0/MatMul", ["X", "W"], "XW"),
            TinyOnnxModel.Node("Add", "/layer.0/Add", ["b", "XW"], "Y"));
}
