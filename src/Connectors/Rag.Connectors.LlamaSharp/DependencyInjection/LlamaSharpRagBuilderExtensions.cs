// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;
using Rag.Connectors.LlamaSharp;

namespace Rag;

/// <summary>Adds the local LLaMA chat model to a <see cref="RagBuilder"/>.</summary>
public static class LlamaSharpRagBuilderExtensions
{
    /// <summary>Uses a local GGUF model through LLamaSharp as the application's <c>IChatClient</c>.</summary>
    /// <param name="builder">The Rag builder.</param>
    /// <param name="configure">Configures the options (at least <see cref="LlamaSharpChatOptions.ModelPath"/>).</param>
    /// <returns>The builder.</returns>
    /// <remarks>The model loads on first use; the client is a thread-safe singleton.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static RagBuilder UseLlamaSharp(this RagBuilder builder, Action<LlamaSharpChatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLlamaSharpChatClient(configure);
        return builder;
    }
}
