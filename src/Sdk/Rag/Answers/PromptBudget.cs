// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag;

/// <summary>The chat model's context window and a way to count its tokens (exact with an <see cref="ITokenCounter"/>, estimated otherwise).</summary>
internal sealed class PromptBudget
{
    /// <summary>Tokens assumed for each message's chat-template framing.</summary>
    public const int MessageOverhead = 8;

    private readonly ITokenCounter? _counter;
    private readonly double _charactersPerToken;

    public PromptBudget(ITokenCounter? counter, AnswerOptions options)
    {
        _counter = counter;
        _charactersPerToken = options.EstimatedCharactersPerToken;
        ContextWindow = counter is { MaxTokens: > 0 } ? counter.MaxTokens : options.ContextWindowTokens;
        ReservedForAnswer = Math.Max(16, Math.Min(options.MaxAnswerTokens, ContextWindow / 4));
    }

    /// <summary>Gets the context window in tokens.</summary>
    public int ContextWindow { get; }

    /// <summary>Gets the tokens kept free for the answer.</summary>
    public int ReservedForAnswer { get; }

    /// <summary>Gets the tokens the prompt may use.</summary>
    public int PromptLimit => ContextWindow - ReservedForAnswer;

    /// <summary>Counts (or estimates) the tokens of a text.</summary>
    public int Count(string text) =>
        _counter is not null ? _counter.CountTokens(text) : (int)Math.Ceiling(text.Length / _charactersPerToken);
}
