// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Rag.TestUtilities;

/// <summary>
/// A scripted <see cref="IChatClient"/> for unit tests (Microsoft.Extensions.AI's TestChatClient style): behaviour
/// comes from callbacks, and every request is recorded so tests can inspect the exact prompt.
/// Never a stand-in for a real model in tests that claim generation.
/// </summary>
public sealed class TestChatClient : IChatClient
{
    /// <summary>Gets the requests received, in order.</summary>
    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    /// <summary>Gets or sets the callback producing a response.</summary>
    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>? GetResponseAsyncCallback { get; set; }

    /// <summary>Gets or sets the callback producing a streamed response; defaults to streaming <see cref="GetResponseAsyncCallback"/>'s text word by word.</summary>
    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? GetStreamingResponseAsyncCallback { get; set; }

    /// <summary>Gets or sets the services returned by <see cref="GetService"/> (for example an <see cref="ITokenCounter"/>).</summary>
    public Func<Type, object?, object?>? GetServiceCallback { get; set; }

    /// <summary>Creates a client that always answers <paramref name="text"/>.</summary>
    /// <param name="text">The answer.</param>
    /// <returns>The client.</returns>
    public static TestChatClient Answering(string text) => new()
    {
        GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))),
    };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = [.. messages];
        Requests.Add(list);
        return (GetResponseAsyncCallback ?? throw new InvalidOperationException("No response scripted."))(list, options, cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = [.. messages];
        if (GetStreamingResponseAsyncCallback is { } streaming)
        {
            Requests.Add(list);
            return streaming(list, options, cancellationToken);
        }

        return StreamWordsAsync(list, options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        GetServiceCallback?.Invoke(serviceType, serviceKey) ?? (serviceType.IsInstanceOfType(this) ? this : null);

    public void Dispose()
    {
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamWordsAsync(List<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (string piece in System.Text.RegularExpressions.Regex.Split(response.Text, @"(?<=\s)"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
        }
    }
}
