// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Rag.Connectors.Onnx.Tests.Quantization;

/// <summary>Builds and runs small hand-made ONNX graphs (one float input X, one float output Y).</summary>
internal static class TinyOnnxModel
{
    public static ModelProto Create(long[] inputShape, long[] outputShape, IEnumerable<TensorProto> initializers, params NodeProto[] nodes)
    {
        var graph = new GraphProto { Name = "tiny" };
        graph.Input.Add(ValueInfo("X", inputShape));
        graph.Output.Add(ValueInfo("Y", outputShape));
        graph.Initializer.Add(initializers);
        graph.Node.Add(nodes);
        var model = new ModelProto { IrVersion = 8, Graph = graph, ProducerName = "Rag.Connectors.Onnx.Tests" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        return model;
    }

    public static TensorProto Floats(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.Add(dims);
        return tensor;
    }

    public static NodeProto Node(string opType, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }

    public static float[] Run(ModelProto model, float[] input, long[] inputShape)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model.ToByteArray(), options);
        using OrtValue x = OrtValue.CreateTensorValueFromMemory(input, inputShape);
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(new RunOptions(), ["X"], [x], ["Y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public static float[] Random(int count, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale)];
    }

    private static ValueInfoProto ValueInfo(string name, long[] shape)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        foreach (long dim in shape)
        {
            tensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
