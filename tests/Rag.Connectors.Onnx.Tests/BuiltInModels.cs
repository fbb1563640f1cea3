// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace Rag.Connectors.Onnx.Tests;

/// <summary>One shared instance of each built-in model for the whole test run (loading one takes about a second).</summary>
internal static class BuiltInModels
{
    private static readonly Lazy<BertOnnxEmbeddingGenerator> s_arctic = new(() => OnnxEmbeddingGenerator.CreateCore(new() { BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs, Precision = EmbeddingModelPrecision.Float32, IntraOpNumThreads = 2 }, null));
    private static readonly Lazy<BertOnnxEmbeddingGenerator> s_arcticInt8 = new(() => OnnxEmbeddingGenerator.CreateCore(new() { BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs, Precision = EmbeddingModelPrecision.Int8, IntraOpNumThreads = 2 }, null));
    private static readonly Lazy<BertOnnxEmbeddingGenerator> s_miniLm = new(() => OnnxEmbeddingGenerator.CreateCore(new() { BuiltInModel = BuiltInEmbeddingModel.AllMiniLmL6V2, IntraOpNumThreads = 2 }, null));

    /// <summary>Gets the fp32 ArcticEmbedXs (the model as published; the parity reference).</summary>
    public static BertOnnxEmbeddingGenerator Arctic => s_arctic.Value;

    /// <summary>Gets the int8 ArcticEmbedXs built by our quantizer at build time (the default).</summary>
    public static BertOnnxEmbeddingGenerator ArcticInt8 => s_arcticInt8.Value;

    public static BertOnnxEmbeddingGenerator MiniLm => s_miniLm.Value;

    public static BertOnnxEmbeddingGenerator Get(BuiltInEmbeddingModel model) => model == BuiltInEmbeddingModel.ArcticEmbedXs ? Arctic : MiniLm;

    public static async Task<float[][]> EmbedAsync(this IEmbeddingGenerator<string, Embedding<float>> generator, IEnumerable<string> texts, EmbeddingPurpose purpose = EmbeddingPurpose.Document)
    {
        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(texts, new EmbeddingGenerationOptions().WithPurpose(purpose), TestContext.Current.CancellationToken);
        return [.. result.Select(e => e.Vector.ToArray())];
    }

    /// <summary>Reads a built-in model's vocabulary: line n is token id n.</summary>
    public static string[] ReadVocabulary(BuiltInEmbeddingModel model)
    {
        using Stream stream = EmbeddingModelDefinition.Create(new() { BuiltInModel = model }).OpenVocabulary();
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
    }

    /// <summary>Creates the library's own BERT tokenizer for ArcticEmbedXs, with the connector's options but not its accent folding.</summary>
    public static BertTokenizer CreateLibraryTokenizer()
    {
        using Stream vocabulary = EmbeddingModelDefinition.Create(new() { BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs }).OpenVocabulary();
        return BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true, ApplyBasicTokenization = true });
    }

    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);
}
