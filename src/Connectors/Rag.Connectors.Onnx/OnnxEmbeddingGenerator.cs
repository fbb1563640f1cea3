// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.IO;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rag.Connectors.Onnx;

/// <summary>Creates local embedding generators over ONNX Runtime and a BERT WordPiece tokenizer.</summary>
public static class OnnxEmbeddingGenerator
{
    /// <summary>Creates an embedding generator; with no options, over the built-in all-MiniLM-L6-v2 model (package Rag.Connectors.Onnx.Models.MiniLM).</summary>
    /// <param name="options">The model and runtime settings; <see langword="null"/> for the defaults. Read once, here.</param>
    /// <param name="loggerFactory">Receives model-load and truncation events; <see langword="null"/> for none.</param>
    /// <returns>
    /// A generator that also answers <c>GetService</c> for <see cref="ITokenCounter"/> (the model's own token count),
    /// <see cref="EmbeddingModelInfo"/> and <see cref="EmbeddingGeneratorMetadata"/>. Dispose it to free the model.
    /// </returns>
    /// <exception cref="ArgumentException">The options are inconsistent (for example a model path without a vocabulary path, or an int8 precision for a built-in model shipped in fp32 only).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A numeric option is out of range.</exception>
    /// <exception cref="FileNotFoundException">A custom model or vocabulary file does not exist, or a built-in model's package is not referenced; the message names the path (and the package to add).</exception>
    /// <remarks>
    /// <para>
    /// Nothing heavy happens here: the vocabulary loads on first use and the model on the first embedding; a corrupt
    /// model file then fails with an <see cref="InvalidDataException"/> naming the path.
    /// </para>
    /// <para>
    /// Queries and passages are embedded differently where the model wants it: pass
    /// <c>new EmbeddingGenerationOptions().WithPurpose(EmbeddingPurpose.Query)</c> for queries (see
    /// <see cref="EmbeddingGenerationOptionsExtensions.WithPurpose"/>); passages are the default.
    /// Inputs longer than the model reads are truncated, flagged with <see cref="OnnxEmbeddingProperties.Truncated"/>
    /// and logged as a warning. Null input throws <see cref="ArgumentNullException"/>; empty or whitespace-only text
    /// throws <see cref="ArgumentException"/> naming its index.
    /// </para>
    /// <para>The generator is thread-safe; register it as a singleton. The application references the native runtime
    /// package it wants (<c>Microsoft.ML.OnnxRuntime</c> for CPU, <c>Microsoft.ML.OnnxRuntime.Gpu</c> for CUDA).</para>
    /// </remarks>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(OnnxEmbeddingGeneratorOptions? options = null, ILoggerFactory? loggerFactory = null) =>
        CreateCore(options, loggerFactory);

    /// <summary>
    /// Creates the built-in embedding ensemble: snowflake-arctic-embed-xs (int8) and all-MiniLM-L6-v2, equal weights, in a
    /// <see cref="CombinedEmbeddingGenerator"/>. Its cosine similarity is the mean of the two models' cosines, which
    /// retrieves better than either model alone.
    /// </summary>
    /// <param name="loggerFactory">Receives model-load and truncation events of both models; <see langword="null"/> for none.</param>
    /// <returns>
    /// A generator of 768-dimensional unit vectors (model id <c>snowflake-arctic-embed-xs-int8+all-MiniLM-L6-v2</c>) that
    /// also answers <c>GetService</c> for <see cref="ITokenCounter"/> (MiniLM's, 256 tokens, so every chunk fits both
    /// models), <see cref="EmbeddingModelInfo"/>, <see cref="RelevanceCalibration"/> (the mean of the two models' floors)
    /// and <see cref="EmbeddingGeneratorMetadata"/>. Dispose it to free both models.
    /// </returns>
    /// <remarks>
    /// <para>
    /// The cost: every text is embedded by both models, so embedding takes the sum of their times: about 1.5 times
    /// MiniLM alone and 3 times arctic-embed-xs int8 alone (the faster of the two). The store holds 768-dimensional
    /// vectors, so vector search does about twice the work of one model. Both models keep their default input lengths (512 and 256 tokens) and MiniLM's 256 sizes the chunks.
    /// </para>
    /// <para>
    /// Queries: pass <c>new EmbeddingGenerationOptions().WithPurpose(EmbeddingPurpose.Query)</c> as with
    /// <see cref="Create"/>; it reaches both models. An input longer than either model reads is flagged with
    /// <see cref="OnnxEmbeddingProperties.Truncated"/>. Thread-safe; nothing loads until the first token count or embedding.
    /// </para>
    /// </remarks>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateEnsemble(ILoggerFactory? loggerFactory = null) =>
        CreateEnsembleCore(loggerFactory);

    internal static CombinedEmbeddingGenerator CreateEnsembleCore(ILoggerFactory? loggerFactory) => new(
    [
        new WeightedEmbeddingGenerator(CreateCore(new() { BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs }, loggerFactory), 1),
        new WeightedEmbeddingGenerator(CreateCore(new() { BuiltInModel = BuiltInEmbeddingModel.AllMiniLmL6V2 }, loggerFactory), 1),
    ]);

    internal static BertOnnxEmbeddingGenerator CreateCore(OnnxEmbeddingGeneratorOptions? options, ILoggerFactory? loggerFactory)
    {
        options = Copy(options ?? new OnnxEmbeddingGeneratorOptions());
        EmbeddingModelDefinition definition = EmbeddingModelDefinition.Create(options);
        return new BertOnnxEmbeddingGenerator(definition, options, loggerFactory?.CreateLogger(typeof(OnnxEmbeddingGenerator).FullName!));
    }

    private static OnnxEmbeddingGeneratorOptions Copy(OnnxEmbeddingGeneratorOptions source) => new()
    {
        BuiltInModel = source.BuiltInModel,
        Precision = source.Precision,
        ModelPath = source.ModelPath,
        VocabularyPath = source.VocabularyPath,
        ModelId = source.ModelId,
        Pooling = source.Pooling,
        Normalize = source.Normalize,
        QueryPrefix = source.QueryPrefix,
        DocumentPrefix = source.DocumentPrefix,
        MaxSequenceLength = source.MaxSequenceLength,
        LowerCase = source.LowerCase,
        MaxBatchSize = source.MaxBatchSize,
        IntraOpNumThreads = source.IntraOpNumThreads,
    };
}
