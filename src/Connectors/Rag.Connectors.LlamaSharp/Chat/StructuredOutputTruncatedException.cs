// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.LlamaSharp;

/// <summary>
/// The exception thrown when structured output (<c>ChatOptions.ResponseFormat</c> JSON) or a tool call reaches the token
/// limit before its grammar is complete, so the text cannot be returned as valid JSON or as a call.
/// </summary>
/// <remarks>
/// Raise <c>ChatOptions.MaxOutputTokens</c> (or <see cref="LlamaSharpChatOptions.DefaultMaxOutputTokens"/>), bound the
/// schema (<c>maxLength</c>, <c>maxItems</c>, or <see cref="LlamaSharpChatOptions.StructuredOutputMaxStringLength"/> and
/// <see cref="LlamaSharpChatOptions.StructuredOutputMaxArrayItems"/>), or use a larger context.
/// </remarks>
public sealed class StructuredOutputTruncatedException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="StructuredOutputTruncatedException"/> class.</summary>
    public StructuredOutputTruncatedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StructuredOutputTruncatedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public StructuredOutputTruncatedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StructuredOutputTruncatedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StructuredOutputTruncatedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StructuredOutputTruncatedException"/> class.</summary>
    /// <param name="outputTokens">The tokens generated before the limit.</param>
    /// <param name="maxOutputTokens">The output token limit of the request.</param>
    /// <param name="what">What was being generated: <c>JSON output</c> or <c>a tool call</c>.</param>
    public StructuredOutputTruncatedException(int outputTokens, int maxOutputTokens, string what)
        : base($"Generation stopped after {outputTokens} tokens (limit {maxOutputTokens}, or the end of the context window) before {what} was complete. Raise MaxOutputTokens, bound the schema (maxLength, maxItems), or use a larger context.")
    {
        OutputTokens = outputTokens;
        MaxOutputTokens = maxOutputTokens;
    }

    /// <summary>Gets the tokens generated before the limit.</summary>
    public int OutputTokens { get; }

    /// <summary>Gets the output token limit of the request.</summary>
    public int MaxOutputTokens { get; }
}
