// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Rag.Connectors.LlamaSharp.Tools;

/// <summary>
/// Turns a model's decoded text into <see cref="FunctionCallContent"/>s (tool calls) or a <see cref="TextContent"/>
/// (an answer). Text decoded under <see cref="ToolCallGrammar"/> always parses; other text is parsed leniently and
/// falls back to plain text.
/// </summary>
/// <remarks>Thread-safe: stateless.</remarks>
internal static class ToolCallParser
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The decoded text.</param>
    /// <param name="functionNames">The offered functions; a call to another name is treated as text.</param>
    /// <param name="callIdFactory">Makes call ids; <see cref="NewCallId"/> when <see langword="null"/>.</param>
    /// <returns>The contents: calls (after any text that preceded them), or a single text.</returns>
    public static IList<AIContent> Parse(string text, IReadOnlyCollection<string> functionNames, Func<string>? callIdFactory = null)
    {
        callIdFactory ??= NewCallId;
        string trimmed = text.Trim();

        int open = trimmed.IndexOf(ToolCallGrammar.OpenTag, StringComparison.Ordinal);
        if (open >= 0 && TryParseTagged(trimmed, open, functionNames, callIdFactory) is { Count: > 0 } tagged)
        {
            string before = trimmed[..open].TrimEnd();
            return before.Length == 0 ? tagged : [new TextContent(before), .. tagged];
        }

        if (trimmed.StartsWith('{') && TryParseCall(trimmed, functionNames, callIdFactory) is FunctionCallContent call)
        {
            return [call];
        }

        return [new TextContent(text)];
    }

    /// <summary>Makes a fresh call id.</summary>
    /// <returns>An id such as <c>call_3f2a…</c>.</returns>
    public static string NewCallId() => "call_" + Guid.NewGuid().ToString("N")[..24];

    private static List<AIContent>? TryParseTagged(string text, int open, IReadOnlyCollection<string> functionNames, Func<string> callIdFactory)
    {
        var calls = new List<AIContent>();
        while (open >= 0)
        {
            int start = open + ToolCallGrammar.OpenTag.Length;
            int close = text.IndexOf(ToolCallGrammar.CloseTag, start, StringComparison.Ordinal);
            string body = close >= 0 ? text[start..close] : text[start..];
            if (TryParseCall(body.Trim(), functionNames, callIdFactory) is not FunctionCallContent call)
            {
                return null;
            }

            calls.Add(call);
            if (close < 0)
            {
                break;
            }

            open = text.IndexOf(ToolCallGrammar.OpenTag, close + ToolCallGrammar.CloseTag.Length, StringComparison.Ordinal);
        }

        return calls;
    }

    private static FunctionCallContent? TryParseCall(string json, IReadOnlyCollection<string> functionNames, Func<string> callIdFactory)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("name", out JsonElement name)
                || name.ValueKind != JsonValueKind.String
                || !functionNames.Contains(name.GetString()!, StringComparer.Ordinal))
            {
                return null;
            }

            if (!root.TryGetProperty("arguments", out JsonElement arguments) && !root.TryGetProperty("parameters", out arguments))
            {
                return new FunctionCallContent(callIdFactory(), name.GetString()!, new Dictionary<string, object?>());
            }

            if (arguments.ValueKind == JsonValueKind.String)
            {
                // OpenAI-style arguments serialised into a string.
                using var inner = JsonDocument.Parse(arguments.GetString()!);
                return ToCall(name.GetString()!, inner.RootElement, callIdFactory);
            }

            return ToCall(name.GetString()!, arguments, callIdFactory);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static FunctionCallContent? ToCall(string name, JsonElement arguments, Func<string> callIdFactory)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (JsonProperty argument in arguments.EnumerateObject())
        {
            values[argument.Name] = argument.Value.Clone();
        }

        return new FunctionCallContent(callIdFactory(), name, values);
    }
}
