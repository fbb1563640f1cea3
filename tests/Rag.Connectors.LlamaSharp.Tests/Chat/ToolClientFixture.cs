// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.LlamaSharp.Tests.Chat;

/// <summary>
/// One client over the tiny model shared by a test class, so the tools prompt (hundreds of tokens) is decoded once and
/// then reused from the KV cache; its prompts are captured. Tests of one class run one at a time.
/// </summary>
public sealed class ToolClientFixture : IDisposable
{
    private readonly Lazy<LlamaSharpChatClient> _client;

    public ToolClientFixture()
    {
        // Two contexts: requests with the tools prompt keep theirs warm while others (tool mode none) use the second.
        _client = new(() => LlamaSharpChatClientToolCallingTests.CreateClient(Capture, o => o.MaxConcurrentRequests = 2));
    }

    internal PromptCapture Capture { get; } = new();

    internal LlamaSharpChatClient Client => _client.Value;

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }

        Capture.Dispose();
    }
}
