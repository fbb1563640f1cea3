// Copyright (c) Rag contributors. Licensed under the MIT License.

// Usage: Rag.Connectors.Onnx.ModelQuantizer <in.onnx> <out.onnx> <vocab.txt> <Mean|Cls>
// Quantizes one built-in model with the connector's OnnxModelQuantizer (default options and quality gate); exits 1 with
// the figures when the gate refuses the model.
using System;
using Rag.Connectors.Onnx;

if (args.Length != 4 || !Enum.TryParse(args[3], out EmbeddingPooling pooling))
{
    await Console.Error.WriteLineAsync("Usage: Rag.Connectors.Onnx.ModelQuantizer <in.onnx> <out.onnx> <vocab.txt> <Mean|Cls>");
    return 2;
}

try
{
    OnnxQuantizationReport report = await OnnxModelQuantizer.QuantizeAsync(
        args[0], args[1], new OnnxQuantizationOptions { VocabularyPath = args[2], Pooling = pooling });
    Console.WriteLine($"Quantized {args[0]}: {report}");
    return 0;
}
catch (OnnxQuantizationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}
