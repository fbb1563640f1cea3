// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.Connectors.LlamaSharp.Tests.Chat;

/// <summary>
/// Sets <see cref="ChatToolMode.None"/> once the conversation holds a tool result, so that an invocation loop over a
/// model that would call tools forever (the tiny model) ends with an answer after one round.
/// It never disposes the inner client: that is the class fixture's shared client, still used by later tests.
/// </summary>
internal sealed class ToolModeAfterResultsChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public int Requests { get; private set; }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = [.. messages];
        return base.GetResponseAsync(list, Adjust(list, options), cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = [.. messages];
        return base.GetStreamingResponseAsync(list, Adjust(list, options), cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        // Deliberately not base.Dispose: the inner client belongs to the fixture.
    }

    private ChatOptions? Adjust(List<ChatMessage> messages, ChatOptions? options)
    {
        Requests++;
        if (options is null || !messages.Any(m => m.Contents.OfType<FunctionResultContent>().Any()))
        {
            return options;
        }

        ChatOptions next = options.Clone();
        next.ToolMode = ChatToolMode.None;
        next.MaxOutputTokens = 24;
        return next;
    }
}
