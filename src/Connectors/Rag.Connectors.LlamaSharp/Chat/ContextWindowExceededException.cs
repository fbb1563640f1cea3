// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.LlamaSharp;

/// <summary>The exception thrown when a prompt does not fit the model's context window.</summary>
/// <remarks>Size prompts beforehand with the client's <see cref="ITokenCounter"/> (<c>GetService(typeof(ITokenCounter))</c>).</remarks>
public sealed class ContextWindowExceededException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="ContextWindowExceededException"/> class.</summary>
    public ContextWindowExceededException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ContextWindowExceededException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ContextWindowExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ContextWindowExceededException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ContextWindowExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ContextWindowExceededException"/> class.</summary>
    /// <param name="promptTokens">The prompt's token count, after the chat template.</param>
    /// <param name="contextSize">The context window in tokens.</param>
    public ContextWindowExceededException(int promptTokens, int contextSize)
        : base($"The prompt is {promptTokens} tokens; the context window is {contextSize} tokens and must also leave room for at least one output token. Shorten the prompt by {promptTokens - contextSize + 1} tokens or more.")
    {
        PromptTokens = promptTokens;
        ContextSize = contextSize;
    }

    /// <summary>Gets the prompt's token count, after the chat template.</summary>
    public int PromptTokens { get; }

    /// <summary>Gets the context window in tokens.</summary>
    public int ContextSize { get; }
}
