// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Rag.WebApi.OpenAICompatible;

/// <summary>Checks a chat completion request and turns it into Microsoft.Extensions.AI messages and options, or into the OpenAI error that explains what is wrong.</summary>
internal static class ChatCompletionTranslator
{
    public const string IgnoreEosProperty = "ignore_eos";

    private const int MaxStopSequences = 4;

    public static OpenAIError? Validate(ChatCompletionRequest request, string? servedModelId, IEnumerable<string> allServed)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return OpenAIError.InvalidRequest("The field 'model' is required.", "model");
        }

        if (servedModelId is null || !string.Equals(request.Model, servedModelId, StringComparison.Ordinal))
        {
            return servedModelId is null
                ? new OpenAIError(StatusCodes.Status404NotFound, $"The model '{request.Model}' does not exist on this server: it runs no local chat model (set Knowledge:ModelPath).", "invalid_request_error", "model", "model_not_found")
                : OpenAIError.ModelNotFound(request.Model, allServed);
        }

        if (request.Messages is not { Count: > 0 } messages)
        {
            return OpenAIError.InvalidRequest("The field 'messages' is required and must hold at least one message.", "messages");
        }

        for (int i = 0; i < messages.Count; i++)
        {
            if (messages[i].Role is not ("system" or "developer" or "user" or "assistant"))
            {
                return OpenAIError.InvalidRequest($"messages[{i}].role '{messages[i].Role}' is not supported: use system, developer, user or assistant.", $"messages[{i}].role");
            }

            if (ReadContent(messages[i].Content) is null)
            {
                return OpenAIError.InvalidRequest($"messages[{i}].content must be a string or an array of text parts, of valid UTF-16 text.", $"messages[{i}].content");
            }
        }

        return ValidateSampling(request) ?? ValidateUnsupported(request);
    }

    public static List<ChatMessage> ToMessages(ChatCompletionRequest request) =>
        [.. request.Messages!.Select(m => new ChatMessage(m.Role is "system" or "developer" ? ChatRole.System : new ChatRole(m.Role!), ReadContent(m.Content)))];

    public static ChatOptions ToOptions(ChatCompletionRequest request)
    {
        var options = new ChatOptions
        {
            MaxOutputTokens = request.MaxCompletionTokens ?? request.MaxTokens,
            Temperature = request.Temperature,
            TopP = request.TopP,
            Seed = request.Seed,
            StopSequences = ReadStop(request.Stop) is { Count: > 0 } stops ? stops : null,
            ResponseFormat = request.ResponseFormat?.Type switch
            {
                "json_object" => ChatResponseFormat.Json,
                "json_schema" => ChatResponseFormat.ForJsonSchema(request.ResponseFormat.JsonSchema!.Schema!.Value, request.ResponseFormat.JsonSchema.Name, request.ResponseFormat.JsonSchema.Description),
                _ => null,
            },
        };
        if (request.IgnoreEos is bool ignoreEos)
        {
            options.AdditionalProperties = new() { [IgnoreEosProperty] = ignoreEos };
        }

        return options;
    }

    public static string FinishReason(ChatFinishReason? reason) =>
        reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";

    private static OpenAIError? ValidateSampling(ChatCompletionRequest request)
    {
        if ((request.MaxCompletionTokens ?? request.MaxTokens) is < 1)
        {
            return OpenAIError.InvalidRequest("'max_tokens' / 'max_completion_tokens' must be at least 1.", request.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens");
        }

        if (request.Temperature is < 0 or > 2 || request.Temperature is float t && float.IsNaN(t))
        {
            return OpenAIError.InvalidRequest($"'temperature' must be between 0 and 2 (was {request.Temperature}).", "temperature");
        }

        if (request.TopP is <= 0 or > 1 || request.TopP is float p && float.IsNaN(p))
        {
            return OpenAIError.InvalidRequest($"'top_p' must be in (0, 1] (was {request.TopP}).", "top_p");
        }

        if (ReadStop(request.Stop) is not { } stops)
        {
            return OpenAIError.InvalidRequest("'stop' must be a string or an array of strings.", "stop");
        }

        return stops.Count > MaxStopSequences || stops.Any(string.IsNullOrEmpty)
            ? OpenAIError.InvalidRequest($"'stop' takes at most {MaxStopSequences} non-empty sequences.", "stop")
            : null;
    }

    private static OpenAIError? ValidateUnsupported(ChatCompletionRequest request)
    {
        if (request.N is not (null or 1))
        {
            return OpenAIError.InvalidRequest("Only n = 1 is supported.", "n");
        }

        if (request.Tools is { ValueKind: JsonValueKind.Array } tools && tools.GetArrayLength() > 0)
        {
            return OpenAIError.InvalidRequest("'tools' are not supported by this server.", "tools");
        }

        return request.ResponseFormat?.Type switch
        {
            null or "text" or "json_object" => null,
            "json_schema" when request.ResponseFormat.JsonSchema?.Schema is { ValueKind: JsonValueKind.Object } => null,
            "json_schema" => OpenAIError.InvalidRequest("'response_format.json_schema.schema' must be a JSON schema object.", "response_format"),
            _ => OpenAIError.InvalidRequest($"'response_format.type' '{request.ResponseFormat.Type}' is not supported: use text, json_object or json_schema.", "response_format"),
        };
    }

    /// <summary>Reads a message's content: a string, or the concatenated text of an array of text parts; <see langword="null"/> for anything else (or for invalid UTF-16).</summary>
    private static string? ReadContent(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return RequestBody.ReadString(content);
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (JsonElement part in content.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object
                        || !part.TryGetProperty("type", out JsonElement type) || type.GetString() != "text"
                        || !part.TryGetProperty("text", out JsonElement value) || RequestBody.ReadString(value) is not { } partText)
                    {
                        return null;
                    }

                    text.Append(partText);
                }

                return text.ToString();
            default:
                return null;
        }
    }

    /// <summary>Reads <c>stop</c>: none, one string or an array of strings; <see langword="null"/> when malformed.</summary>
    private static List<string>? ReadStop(JsonElement? stop) =>
        stop is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } ? [] : RequestBody.ReadStrings(stop);
}
