// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Onnx.Tests.Quantization;

/// <summary>The built-in fp32 ArcticEmbedXs model and vocabulary written to a temporary folder, once per test class.</summary>
public sealed class ArcticModelFiles : IDisposable
{
    public ArcticModelFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "rag-quant-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        EmbeddingModelDefinition definition = EmbeddingModelDefinition.Create(new() { BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs, Precision = EmbeddingModelPrecision.Float32 });
        ModelPath = Path.Combine(Directory, "model.onnx");
        VocabularyPath = Path.Combine(Directory, "vocab.txt");
        File.Copy(definition.ModelPath, ModelPath);
        using Stream vocabulary = definition.OpenVocabulary();
        using FileStream file = File.Create(VocabularyPath);
        vocabulary.CopyTo(file);
    }

    public string Directory { get; }

    public string ModelPath { get; }

    public string VocabularyPath { get; }

    public string NewOutputPath() => Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".onnx");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
