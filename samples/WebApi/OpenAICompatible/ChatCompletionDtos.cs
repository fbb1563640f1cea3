// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;

namespace Rag.WebApi.OpenAICompatible;

/// <summary>The body of <c>POST /v1/chat/completions</c> (the fields this server reads; others are ignored).</summary>
internal sealed class ChatCompletionRequest
{
    public string? Model { get; init; }

    public IReadOnlyList<ChatCompletionMessage>? Messages { get; init; }

    public int? MaxTokens { get; init; }

    public int? MaxCompletionTokens { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    /// <summary>Gets a string, an array of strings, or null.</summary>
    public JsonElement? Stop { get; init; }

    public long? Seed { get; init; }

    public int? N { get; init; }

    public bool Stream { get; init; }

    public StreamOptions? StreamOptions { get; init; }

    /// <summary>Gets the tools offered; this server does not take them.</summary>
    public JsonElement? Tools { get; init; }

    public ResponseFormat? ResponseFormat { get; init; }

    /// <summary>Gets a value indicating whether generation continues past end-of-sequence (llama.cpp and vLLM servers' extension).</summary>
    public bool? IgnoreEos { get; init; }
}

/// <summary>One message of a chat completion request; <see cref="Content"/> is a string or an array of content parts.</summary>
internal sealed class ChatCompletionMessage
{
    public string? Role { get; init; }

    public JsonElement Content { get; init; }
}

/// <summary>The <c>stream_options</c> of a request.</summary>
internal sealed class StreamOptions
{
    public bool IncludeUsage { get; init; }
}

/// <summary>The <c>response_format</c> of a request: <c>text</c>, <c>json_object</c> or <c>json_schema</c>.</summary>
internal sealed class ResponseFormat
{
    public string? Type { get; init; }

    public JsonSchemaFormat? JsonSchema { get; init; }
}

/// <summary>The <c>json_schema</c> of a <c>response_format</c>.</summary>
internal sealed class JsonSchemaFormat
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public JsonElement? Schema { get; init; }
}

/// <summary>A complete (non-streamed) chat completion.</summary>
internal sealed record ChatCompletion(string Id, long Created, string Model, IReadOnlyList<ChatCompletionChoice> Choices, CompletionUsage? Usage)
{
    public string Object => "chat.completion";
}

/// <summary>A choice of a complete chat completion.</summary>
internal sealed record ChatCompletionChoice(int Index, AssistantMessage Message, string FinishReason);

/// <summary>The assistant message of a choice.</summary>
internal sealed record AssistantMessage(string Content)
{
    public string Role => "assistant";
}

/// <summary>One chunk of a streamed chat completion.</summary>
internal sealed record ChatCompletionChunk(string Id, long Created, string Model, IReadOnlyList<ChatCompletionChunkChoice> Choices, CompletionUsage? Usage = null)
{
    public string Object => "chat.completion.chunk";
}

/// <summary>A choice of a chunk: a delta of the message, and the finish reason in the last one.</summary>
internal sealed record ChatCompletionChunkChoice(int Index, ChatCompletionDelta Delta, string? FinishReason);

/// <summary>What a chunk adds to the message.</summary>
internal sealed record ChatCompletionDelta(string? Role, string? Content);

/// <summary>Token usage of a completion.</summary>
internal sealed record CompletionUsage(long PromptTokens, long CompletionTokens, long TotalTokens);
