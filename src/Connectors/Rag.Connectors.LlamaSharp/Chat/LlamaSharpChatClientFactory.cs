// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rag.Connectors.LlamaSharp;

/// <summary>Creates LLamaSharp chat clients outside dependency injection.</summary>
public static class LlamaSharpChatClientFactory
{
    /// <summary>Creates a chat client over a local GGUF model. The model loads on first use, not here.</summary>
    /// <param name="options">The options; they are copied and validated.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for no logging. llama.cpp's own log is forwarded to category <c>LLama.Native</c> (process-wide).</param>
    /// <returns>
    /// A thread-safe <see cref="IChatClient"/>. <c>GetService</c> returns its <see cref="ChatClientMetadata"/> and an
    /// <see cref="ITokenCounter"/> (model tokenizer; <see cref="ITokenCounter.MaxTokens"/> is the context size). Dispose it to
    /// free native memory; disposing stops running requests within one decoding step.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public static IChatClient Create(LlamaSharpChatOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        LlamaSharpChatOptions copy = options.Clone();
        copy.Validate();
        return new LlamaSharpChatClient(copy, loggerFactory);
    }
}
