// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.AI;

namespace Rag.Connectors.OpenAI;

/// <summary>Creates chat clients for OpenAI-compatible servers outside dependency injection.</summary>
public static class OpenAIChatClientFactory
{
    /// <summary>Creates a chat client that sends requests to <c>{Endpoint}/chat/completions</c>. Nothing is sent here.</summary>
    /// <param name="options">The options; they are copied and validated.</param>
    /// <returns>
    /// A thread-safe <see cref="IChatClient"/> (Microsoft.Extensions.AI.OpenAI's, over the Chat Completions API).
    /// <c>GetService</c> returns its <see cref="ChatClientMetadata"/> and, when
    /// <see cref="OpenAIChatOptions.ContextWindowTokens"/> is set, an estimating <see cref="ITokenCounter"/> whose
    /// <see cref="ITokenCounter.MaxTokens"/> is that window.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    /// <remarks>
    /// <para>Streaming, <c>MaxOutputTokens</c>, <c>Temperature</c>, <c>TopP</c>, <c>Seed</c> and <c>StopSequences</c>
    /// are sent as OpenAI fields; cancelling the token closes the connection, which a Rag WebApi server turns into
    /// cancelling its generation.</para>
    /// <para>Server errors surface as <see cref="System.ClientModel.ClientResultException"/> carrying the HTTP status
    /// and the server's OpenAI-style error message (for example <c>HTTP 401 (invalid_request_error: invalid_api_key)</c>).
    /// Transient failures are retried <see cref="OpenAIEndpointOptions.MaxRetries"/> times.</para>
    /// </remarks>
    public static IChatClient Create(OpenAIChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OpenAIChatOptions copy = options.Clone();
        copy.Validate();
        ITokenCounter? counter = copy.ContextWindowTokens is int window ? new EstimatedTokenCounter(window, copy.EstimatedCharactersPerToken) : null;
        return new OpenAICompatibleChatClient(OpenAIPipeline.CreateChatClient(copy).AsIChatClient(), counter);
    }
}
