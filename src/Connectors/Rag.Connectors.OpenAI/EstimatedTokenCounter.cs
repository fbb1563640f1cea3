// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.OpenAI;

/// <summary>
/// A token counter for a remote model whose tokenizer is not available here: a known window and an estimate of
/// characters per token (a remote call cannot serve the SDK's synchronous counting).
/// </summary>
internal sealed class EstimatedTokenCounter(int maxTokens, double charactersPerToken) : ITokenCounter
{
    public int MaxTokens { get; } = maxTokens;

    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return (int)Math.Ceiling(text.Length / charactersPerToken);
    }
}
