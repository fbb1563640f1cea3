// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Google.Protobuf;
using Onnx;

namespace Rag.Connectors.Onnx;

/// <summary>
/// Rewrites an ONNX graph in place: MatMuls with constant weights become <c>com.microsoft</c> <c>DynamicQuantizeMatMul</c>
/// nodes over per-column symmetric int8 weights (the following bias <c>Add</c> folded in), and the remaining large float
/// initializers are optionally stored as fp16 and cast back to fp32 in the graph.
/// </summary>
internal static class OnnxGraphQuantizer
{
    internal const string MicrosoftDomain = "com.microsoft";
    internal const string QuantizedOpType = "DynamicQuantizeMatMul";

    public static GraphRewriteCounts Rewrite(ModelProto model, OnnxQuantizationOptions options, CancellationToken cancellationToken)
    {
        GraphProto graph = model.Graph ?? throw new InvalidDataException("The ONNX model has no graph.");
        var counts = new GraphRewriteCounts();
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var graphInputs = new HashSet<string>(graph.Input.Select(i => i.Name), StringComparer.Ordinal);
        var graphOutputs = new HashSet<string>(graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (NodeProto node in graph.Node)
        {
            foreach (string input in node.Input)
            {
                if (!consumers.TryGetValue(input, out List<NodeProto>? list))
                {
                    consumers[input] = list = [];
                }

                list.Add(node);
            }
        }

        var removedNodes = new HashSet<NodeProto>();
        var removedInitializers = new HashSet<string>(StringComparer.Ordinal);
        var replacements = new Dictionary<NodeProto, NodeProto>();
        var keptWeights = new HashSet<string>(StringComparer.Ordinal);
        foreach (NodeProto node in graph.Node)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (node.OpType != "MatMul" || !string.IsNullOrEmpty(node.Domain) || node.Input.Count != 2
                || !initializers.TryGetValue(node.Input[1], out TensorProto? weight)
                || weight.DataType != (int)TensorProto.Types.DataType.Float || weight.Dims.Count != 2
                || graphInputs.Contains(weight.Name) || consumers[weight.Name].Count != 1)
            {
                continue;
            }

            if (IsKept(node, weight.Name, options.KeepFloat32))
            {
                keptWeights.Add(weight.Name);
                counts.MatMulsKeptFloat32++;
                continue;
            }

            int rows = checked((int)weight.Dims[0]);
            int columns = checked((int)weight.Dims[1]);
            (byte[] quantized, float[] scales) = QuantizePerColumn(ReadFloats(weight), rows, columns, options.WeightBits);
            string baseName = weight.Name;
            graph.Initializer.Add(CreateTensor(baseName + "_quantized", TensorProto.Types.DataType.Int8, [rows, columns], quantized));
            graph.Initializer.Add(CreateTensor(baseName + "_scale", TensorProto.Types.DataType.Float, [columns], MemoryMarshal.AsBytes(scales.AsSpan()).ToArray()));
            removedInitializers.Add(weight.Name);

            var quantizedNode = new NodeProto
            {
                Name = string.IsNullOrEmpty(node.Name) ? baseName + "_DynamicQuantizeMatMul" : node.Name + "_quantized",
                OpType = QuantizedOpType,
                Domain = MicrosoftDomain,
            };
            quantizedNode.Input.Add(node.Input[0]);
            quantizedNode.Input.Add(baseName + "_quantized");
            quantizedNode.Input.Add(baseName + "_scale");

            NodeProto? biasAdd = FindBiasAdd(node, columns, consumers, initializers, graphInputs, graphOutputs);
            if (biasAdd is not null)
            {
                quantizedNode.Input.Add(string.Empty); // no zero point: the weights are symmetric
                quantizedNode.Input.Add(BiasOf(biasAdd, node.Output[0]));
                quantizedNode.Output.Add(biasAdd.Output[0]);
                removedNodes.Add(biasAdd);
                counts.BiasesFolded++;
            }
            else
            {
                quantizedNode.Output.Add(node.Output[0]);
            }

            replacements[node] = quantizedNode;
            counts.MatMulsQuantized++;
        }

        // Rebuild the node list in order: a quantized node takes its MatMul's place (its inputs are ready there, and a
        // folded Add only ever came later).
        var nodes = new List<NodeProto>(graph.Node.Count);
        foreach (NodeProto node in graph.Node)
        {
            if (!removedNodes.Contains(node))
            {
                nodes.Add(replacements.TryGetValue(node, out NodeProto? replacement) ? replacement : node);
            }
        }

        if (options.StoreFloat16)
        {
            var casts = new List<NodeProto>();
            foreach (TensorProto tensor in graph.Initializer.ToArray())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (removedInitializers.Contains(tensor.Name) || keptWeights.Contains(tensor.Name) || tensor.DataType != (int)TensorProto.Types.DataType.Float
                    || graphInputs.Contains(tensor.Name) || ElementCount(tensor) < options.Float16MinElements)
                {
                    continue;
                }

                byte[] halves = Float16Storage.Convert(ReadFloats(tensor), out int clamped);
                counts.ValuesClampedToFloat16 += clamped;
                var stored = CreateTensor(tensor.Name + "_fp16", TensorProto.Types.DataType.Float16, [.. tensor.Dims], halves);
                removedInitializers.Add(tensor.Name);
                casts.Add(CreateCast(tensor.Name + "_fp16", tensor.Name));
                counts.InitializersStoredAsFloat16++;
                graph.Initializer.Add(stored);
            }

            nodes.InsertRange(0, casts);
        }

        TensorProto[] kept = [.. graph.Initializer.Where(t => !removedInitializers.Contains(t.Name))];
        graph.Initializer.Clear();
        graph.Initializer.Add(kept);
        graph.Node.Clear();
        graph.Node.Add(nodes);

        if (counts.MatMulsQuantized > 0 && !model.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

        return counts;
    }

    /// <summary>Quantizes a row-major [rows, columns] matrix with one symmetric scale per column.</summary>
    internal static (byte[] Quantized, float[] Scales) QuantizePerColumn(ReadOnlySpan<float> weights, int rows, int columns, int bits)
    {
        float levels = (1 << (bits - 1)) - 1;
        var scales = new float[columns];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = weights.Slice(r * columns, columns);
            for (int c = 0; c < columns; c++)
            {
                scales[c] = MathF.Max(scales[c], MathF.Abs(row[c]));
            }
        }

        for (int c = 0; c < columns; c++)
        {
            scales[c] = scales[c] > 0 ? scales[c] / levels : 1f;
        }

        var quantized = new byte[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                int index = (r * columns) + c;
                float level = MathF.Round(weights[index] / scales[c], MidpointRounding.ToEven);
                quantized[index] = unchecked((byte)(sbyte)Math.Clamp(level, -levels, levels));
            }
        }

        return (quantized, scales);
    }

    internal static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw new NotSupportedException($"Initializer '{tensor.Name}' keeps its data in an external file; only self-contained ONNX models can be quantized.");
        }

        long count = ElementCount(tensor);
        float[] values = tensor.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
            : [.. tensor.FloatData];
        if (values.Length != count)
        {
            throw new InvalidDataException($"Initializer '{tensor.Name}' holds {values.Length} values for a shape of {count}.");
        }

        return values;
    }

    internal static long ElementCount(TensorProto tensor)
    {
        long count = 1;
        foreach (long dim in tensor.Dims)
        {
            count *= dim;
        }

        return count;
    }

    internal static TensorProto CreateTensor(string name, TensorProto.Types.DataType type, long[] dims, byte[] rawData)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(rawData) };
        tensor.Dims.Add(dims);
        return tensor;
    }

    private static NodeProto CreateCast(string input, string output)
    {
        var cast = new NodeProto { Name = output + "_Cast", OpType = "Cast" };
        cast.Input.Add(input);
        cast.Output.Add(output);
        cast.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
        return cast;
    }

    private static bool IsKept(NodeProto node, string weightName, IEnumerable<string> keep)
    {
        foreach (string prefix in keep)
        {
            if (!string.IsNullOrEmpty(prefix)
                && (node.Name.StartsWith(prefix, StringComparison.Ordinal) || weightName.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds the single <c>Add</c> that adds a constant [columns] bias to a MatMul's output, if any.</summary>
    private static NodeProto? FindBiasAdd(
        NodeProto matMul, int columns, Dictionary<string, List<NodeProto>> consumers, Dictionary<string, TensorProto> initializers,
        HashSet<string> graphInputs, HashSet<string> graphOutputs)
    {
        string product = matMul.Output[0];
        if (graphOutputs.Contains(product) || !consumers.TryGetValue(product, out List<NodeProto>? users) || users.Count != 1)
        {
            return null;
        }

        NodeProto add = users[0];
        if (add.OpType != "Add" || !string.IsNullOrEmpty(add.Domain) || add.Input.Count != 2 || add.Input[0] == add.Input[1])
        {
            return null;
        }

        string bias = BiasOf(add, product);
        return initializers.TryGetValue(bias, out TensorProto? tensor) && !graphInputs.Contains(bias)
            && tensor.DataType == (int)TensorProto.Types.DataType.Float && tensor.Dims.Count == 1 && tensor.Dims[0] == columns
            ? add
            : null;
    }

    private static string BiasOf(NodeProto add, string product) => add.Input[0] == product ? add.Input[1] : add.Input[0];
}
