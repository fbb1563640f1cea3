// Copyright (c) Rag contributors. Licensed under the MIT License.

// Usage: Rag.Connectors.Onnx.ModelQuantizer <in.onnx> <out.onnx>
// Rewrites one built-in model into int8 with the connector's quantizer (default options) at build time. It runs no
// model and checks no figure, so the output's bytes are the same on every machine; the quality gate is a test
// (tests/Rag.Connectors.Onnx.Tests, BuiltInInt8ModelTests), run on the CPU the tests run on.
using System;
using System.IO;
using Rag.Connectors.Onnx;

if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("Usage: Rag.Connectors.Onnx.ModelQuantizer <in.onnx> <out.onnx>");
    return 2;
}

try
{
    GraphRewriteCounts counts = await OnnxModelQuantizer.RewriteAsync(args[0], args[1], new OnnxQuantizationOptions(), default);
    Console.WriteLine($"Quantized {args[0]} -> {args[1]}: {counts.MatMulsQuantized} MatMuls int8 ({counts.BiasesFolded} biases folded), {counts.InitializersStoredAsFloat16} initializers fp16; {new FileInfo(args[0]).Length / 1e6:F1} MB -> {new FileInfo(args[1]).Length / 1e6:F1} MB");
    return 0;
}
catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 1;
}
