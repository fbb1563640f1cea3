// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.AI;

namespace Rag.Connectors.OpenAI;

/// <summary>Creates embedding generators for OpenAI-compatible servers outside dependency injection.</summary>
public static class OpenAIEmbeddingGeneratorFactory
{
    /// <summary>Creates an embedding generator that sends requests to <c>{Endpoint}/embeddings</c>. Nothing is sent here.</summary>
    /// <param name="options">The options; they are copied and validated.</param>
    /// <returns>
    /// A thread-safe generator (Microsoft.Extensions.AI.OpenAI's) whose <c>GetService</c> also returns what Rag asks of
    /// an embedding generator: an estimating <see cref="ITokenCounter"/> (window
    /// <see cref="OpenAIEmbeddingGeneratorOptions.MaxInputTokens"/>), <see cref="EmbeddingGeneratorMetadata"/> with the
    /// model id (and dimensions when set), <see cref="EmbeddingModelInfo"/> when the dimensions are set, and the
    /// configured <see cref="RelevanceCalibration"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    /// <remarks>
    /// Server errors surface as <see cref="System.ClientModel.ClientResultException"/> with the HTTP status and the
    /// server's message. With <see cref="OpenAIEmbeddingGeneratorOptions.SendInputType"/>, queries embedded by Rag are
    /// sent with <c>"input_type": "query"</c> and passages with <c>"document"</c>.
    /// </remarks>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(OpenAIEmbeddingGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OpenAIEmbeddingGeneratorOptions copy = options.Clone();
        copy.Validate();
        return new OpenAICompatibleEmbeddingGenerator(OpenAIPipeline.CreateEmbeddingClient(copy).AsIEmbeddingGenerator(copy.Dimensions), copy);
    }
}
