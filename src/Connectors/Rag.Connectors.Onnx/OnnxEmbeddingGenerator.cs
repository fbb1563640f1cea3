// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.IO;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rag.Connectors.Onnx;

/// <summary>Creates local embedding generators over ONNX Runtime and a BERT WordPiece tokenizer.</summary>
public static class OnnxEmbeddingGenerator
{
    /// <summary>Creates an embedding generator; with no options, over the built-in snowflake-arctic-embed-xs model.</summary>
    /// <param name="options">The model and runtime settings; <see langword="null"/> for the defaults. Read once, here.</param>
    /// <param name="loggerFactory">Receives model-load and truncation events; <see langword="null"/> for none.</param>
    /// <returns>
    /// A generator that also answers <c>GetService</c> for <see cref="ITokenCounter"/> (the model's own token count),
    /// <see cref="EmbeddingModelInfo"/> and <see cref="EmbeddingGeneratorMetadata"/>. Dispose it to free the model.
    /// </returns>
    /// <exception cref="ArgumentException">The options are inconsistent (for example a model path without a vocabulary path, or an int8 precision for a built-in model shipped in fp32 only).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A numeric option is out of range.</exception>
    /// <exception cref="FileNotFoundException">A custom model or vocabulary file does not exist; the message names the path.</exception>
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
