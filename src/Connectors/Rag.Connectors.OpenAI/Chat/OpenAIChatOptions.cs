// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.OpenAI;

/// <summary>Options of the chat client for an OpenAI-compatible server (<c>POST {Endpoint}/chat/completions</c>).</summary>
/// <remarks>Validated once, when the client is created (<see cref="Validate"/>).</remarks>
public sealed class OpenAIChatOptions : OpenAIEndpointOptions
{
    /// <summary>
    /// Gets or sets the remote model's context window in tokens (prompt plus answer). When set, the client exposes an
    /// <see cref="ITokenCounter"/> through <c>GetService</c> with this window and an estimated count, and Rag sizes the
    /// retrieved context to it.
    /// </summary>
    /// <value>
    /// The default is <see langword="null"/>: no counter is exposed and Rag uses <c>AnswerOptions.ContextWindowTokens</c>
    /// (4096). Set it to the server's context size (a Rag WebApi node running a GGUF model uses the model's training
    /// context, capped at 4096); a prompt that does not fit is rejected by the server.
    /// </value>
    public int? ContextWindowTokens { get; set; }

    /// <summary>Gets or sets the characters per token assumed by the estimated counter; smaller is safer (more tokens counted).</summary>
    /// <value>The default is 3, which over-counts for English with most LLaMA-family tokenizers.</value>
    public double EstimatedCharactersPerToken { get; set; } = 3;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (ContextWindowTokens is < 256)
        {
            throw new ArgumentException($"OpenAIChatOptions.ContextWindowTokens must be at least 256 when set (was {ContextWindowTokens}).", nameof(ContextWindowTokens));
        }

        if (double.IsNaN(EstimatedCharactersPerToken) || EstimatedCharactersPerToken is < 0.5 or > 10)
        {
            throw new ArgumentException($"OpenAIChatOptions.EstimatedCharactersPerToken must be in [0.5, 10] (was {EstimatedCharactersPerToken}).", nameof(EstimatedCharactersPerToken));
        }
    }

    internal OpenAIChatOptions Clone() => (OpenAIChatOptions)MemberwiseClone();
}
