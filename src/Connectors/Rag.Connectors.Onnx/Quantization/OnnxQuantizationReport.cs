// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.Onnx;

/// <summary>The figures of one quantization: what changed in the graph, the file sizes and the measured quality.</summary>
public sealed class OnnxQuantizationReport
{
    /// <summary>Gets the number of MatMuls rewritten to int8.</summary>
    public int MatMulsQuantized { get; init; }

    /// <summary>Gets the number of bias <c>Add</c> nodes folded into a quantized MatMul.</summary>
    public int BiasesFolded { get; init; }

    /// <summary>Gets the number of MatMuls with constant weights left in fp32 by <see cref="OnnxQuantizationOptions.KeepFloat32"/>.</summary>
    public int MatMulsKeptFloat32 { get; init; }

    /// <summary>Gets the number of float initializers stored as fp16.</summary>
    public int InitializersStoredAsFloat16 { get; init; }

    /// <summary>Gets the number of finite values beyond the fp16 range clamped to ±65504.</summary>
    public int ValuesClampedToFloat16 { get; init; }

    /// <summary>Gets the size of the input model file in bytes.</summary>
    public long InputBytes { get; init; }

    /// <summary>Gets the size of the quantized model in bytes.</summary>
    public long OutputBytes { get; init; }

    /// <summary>Gets the number of probe sentences embedded by both models.</summary>
    public int ProbeCount { get; init; }

    /// <summary>Gets the mean cosine similarity between the two models' embeddings of the probe sentences.</summary>
    public double MeanCosine { get; init; }

    /// <summary>Gets the lowest cosine similarity over the probe sentences.</summary>
    public double MinCosine { get; init; }

    /// <summary>Gets the probe sentence with the lowest cosine similarity.</summary>
    public string WorstProbe { get; init; } = string.Empty;

    /// <summary>Gets the time spent rewriting the graph (reading and writing the files included).</summary>
    public TimeSpan RewriteTime { get; init; }

    /// <summary>Gets the time spent loading both models and embedding the probe sentences.</summary>
    public TimeSpan ValidationTime { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{MatMulsQuantized} MatMuls int8 ({BiasesFolded} biases folded, {MatMulsKeptFloat32} kept fp32), {InitializersStoredAsFloat16} initializers fp16 ({ValuesClampedToFloat16} values clamped); "
        + $"{InputBytes / 1048576.0:F1} MB -> {OutputBytes / 1048576.0:F1} MB; cosine to input over {ProbeCount} probes: mean {MeanCosine:F5}, min {MinCosine:F5} ('{WorstProbe}'); "
        + $"rewrite {RewriteTime.TotalSeconds:F1} s, validation {ValidationTime.TotalSeconds:F1} s";
}
