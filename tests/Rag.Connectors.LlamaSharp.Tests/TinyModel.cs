// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Rag.TestUtilities;

namespace Rag.Connectors.LlamaSharp.Tests;

/// <summary>Creates clients over the real tiny LLaMA (stories260K.gguf).</summary>
internal static class TinyModel
{
    public static string Path => TestEnvironment.RequireResource(TestEnvironment.TinyLlamaModelPath);

    public static LlamaSharpChatClient CreateClient(Action<LlamaSharpChatOptions>? configure = null, ILoggerFactory? loggerFactory = null)
    {
        var options = new LlamaSharpChatOptions { ModelPath = Path, ContextSize = 512, Threads = 1 };
        configure?.Invoke(options);
        return (LlamaSharpChatClient)LlamaSharpChatClientFactory.Create(options, loggerFactory);
    }

    /// <summary>Greedy decoding that never stops at end-of-story, so lengths are controlled by the test.</summary>
    public static ChatOptions Greedy(int maxOutputTokens, bool ignoreEos = true) => new()
    {
        Temperature = 0,
        MaxOutputTokens = maxOutputTokens,
        AdditionalProperties = new() { ["ignore_eos"] = ignoreEos },
    };

    public static ChatMessage[] Story(string text = "Once upon a time") => [new(ChatRole.User, text)];
}
