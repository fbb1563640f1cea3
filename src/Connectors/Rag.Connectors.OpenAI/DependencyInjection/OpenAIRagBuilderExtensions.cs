// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;
using Rag.Connectors.OpenAI;

namespace Rag;

/// <summary>Uses models on a shared OpenAI-compatible server from a <see cref="RagBuilder"/>.</summary>
public static class OpenAIRagBuilderExtensions
{
    /// <summary>Uses a chat model on an OpenAI-compatible server (for example a Rag WebApi node with a GPU) as the application's <c>IChatClient</c>, instead of a local model.</summary>
    /// <param name="builder">The Rag builder.</param>
    /// <param name="configure">Configures the options (at least <see cref="OpenAIEndpointOptions.Endpoint"/> and <see cref="OpenAIEndpointOptions.ModelId"/>; set <see cref="OpenAIChatOptions.ContextWindowTokens"/> to the server's context size).</param>
    /// <returns>The builder.</returns>
    /// <remarks>The client is created on first resolve and is a thread-safe singleton.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static RagBuilder UseOpenAIChat(this RagBuilder builder, Action<OpenAIChatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenAIChatClient(configure);
        return builder;
    }

    /// <summary>Uses an embedding model on an OpenAI-compatible server for ingestion and retrieval, instead of a local one.</summary>
    /// <param name="builder">The Rag builder.</param>
    /// <param name="configure">Configures the options (at least <see cref="OpenAIEndpointOptions.Endpoint"/> and <see cref="OpenAIEndpointOptions.ModelId"/>).</param>
    /// <returns>The builder.</returns>
    /// <remarks>The generator is created on first resolve and is a thread-safe singleton.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static RagBuilder UseOpenAIEmbeddings(this RagBuilder builder, Action<OpenAIEmbeddingGeneratorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenAIEmbeddingGenerator(configure);
        return builder;
    }
}
