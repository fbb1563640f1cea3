// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.Benchmarks.Answers;

/// <summary>Middleware that keeps what reached the model: how many calls, and the messages of the last one.</summary>
internal sealed class RecordingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    /// <summary>Gets how many requests (streaming or not) reached the model.</summary>
    public int Calls { get; private set; }

    /// <summary>Gets the text of every message of the last request, joined by blank lines.</summary>
    public string LastPrompt { get; private set; } = string.Empty;

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Record(messages);
        return base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Record(messages);
        return base.GetStreamingResponseAsync(messages, options, cancellationToken);
    }

    private void Record(IEnumerable<ChatMessage> messages)
    {
        Calls++;
        LastPrompt = string.Join("\n\n", messages.Select(m => m.Text));
    }
}
