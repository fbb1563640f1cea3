using Microsoft.Extensions.AI;
using Rag.Connectors.Onnx;

// An app that forgot the native ONNX Runtime package: the first embedding must say which package to add.
using IEmbeddingGenerator<string, Embedding<float>> generator = OnnxEmbeddingGenerator.Create();
try
{
    await generator.GenerateAsync(["hello"]);
    Console.WriteLine("embedded");
}
catch (InvalidOperationException ex)
{
    Console.WriteLine($"error: {ex.Message}");
}
