// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;
using Rag.Connectors.Onnx;

namespace Rag;

/// <summary>Adds the ONNX embedding connector to a <see cref="RagBuilder"/>.</summary>
public static class OnnxRagBuilderExtensions
{
    /// <summary>Uses local ONNX embeddings (by default the built-in all-MiniLM-L6-v2 model) for ingestion and retrieval.</summary>
    /// <param name="builder">The Rag builder.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> for the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>Registers the generator as <see cref="OnnxEmbeddingServiceCollectionExtensions.AddOnnxEmbeddingGenerator"/> does: lazily, as a thread-safe singleton.</remarks>
    public static RagBuilder UseOnnxEmbeddings(this RagBuilder builder, Action<OnnxEmbeddingGeneratorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOnnxEmbeddingGenerator(configure);
        return builder;
    }

    /// <summary>
    /// Uses the built-in embedding ensemble (snowflake-arctic-embed-xs int8 + all-MiniLM-L6-v2, equal weights) for
    /// ingestion and retrieval: better retrieval than either model, at the sum of both models' embedding time and with
    /// 768-dimensional vectors in the store. See <see cref="OnnxEmbeddingGenerator.CreateEnsemble"/>.
    /// </summary>
    /// <param name="builder">The Rag builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>Registers the generator as <see cref="OnnxEmbeddingServiceCollectionExtensions.AddOnnxEmbeddingEnsemble"/> does: lazily, as a thread-safe singleton.</remarks>
    public static RagBuilder UseOnnxEmbeddingEnsemble(this RagBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOnnxEmbeddingEnsemble();
        return builder;
    }
}
