// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Rag.Connectors.LlamaSharp.Tools;

/// <summary>
/// Writes the prompt text that tells a model which tools exist, renders earlier tool calls and their results back into
/// the conversation, and picks the <see cref="ToolPromptStyle"/> for a model.
/// </summary>
/// <remarks>Thread-safe: stateless.</remarks>
internal static class ToolPromptFormatter
{
    // Compact JSON: results and arguments go into the prompt, where every character costs tokens.
    private static readonly JsonSerializerOptions s_compact = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    /// <summary>Picks the style for a model from its name or chat template.</summary>
    /// <param name="modelNameOrTemplate">The model's name, file name or chat template text (any may be <see langword="null"/>).</param>
    /// <returns><see cref="ToolPromptStyle.Qwen"/> for Qwen and ChatML models, <see cref="ToolPromptStyle.Llama3"/> for Llama 3.x, otherwise <see cref="ToolPromptStyle.Generic"/>.</returns>
    public static ToolPromptStyle DetectStyle(params ReadOnlySpan<string?> modelNameOrTemplate)
    {
        foreach (string? hint in modelNameOrTemplate)
        {
            if (string.IsNullOrEmpty(hint))
            {
                continue;
            }

            if (hint.Contains("qwen", StringComparison.OrdinalIgnoreCase) || hint.Contains("<|im_start|>", StringComparison.Ordinal))
            {
                return ToolPromptStyle.Qwen;
            }

            if (hint.Contains("<|start_header_id|>", StringComparison.Ordinal)
                || hint.Contains("llama-3", StringComparison.OrdinalIgnoreCase)
                || hint.Contains("llama3", StringComparison.OrdinalIgnoreCase)
                || hint.Contains("llama 3", StringComparison.OrdinalIgnoreCase)
                || hint.Contains("llama_3", StringComparison.OrdinalIgnoreCase))
            {
                return ToolPromptStyle.Llama3;
            }
        }

        return ToolPromptStyle.Generic;
    }

    /// <summary>Writes the tool section of the system prompt.</summary>
    /// <param name="functions">The functions offered.</param>
    /// <param name="toolMode">The tool mode (<see langword="null"/> means auto); <see cref="ChatToolMode.None"/> yields an empty text.</param>
    /// <param name="style">The style.</param>
    /// <returns>The text to append to (or use as) the system message.</returns>
    public static string FormatToolsPrompt(IReadOnlyList<AIFunctionDeclaration> functions, ChatToolMode? toolMode, ToolPromptStyle style)
    {
        if (functions.Count == 0 || toolMode is NoneChatToolMode)
        {
            return string.Empty;
        }

        string requirement = toolMode switch
        {
            RequiredChatToolMode { RequiredFunctionName: string name } => $"You must call the function \"{name}\".",
            RequiredChatToolMode => "You must call one of these functions.",
            _ => "If no function is needed, answer the user directly.",
        };

        var text = new StringBuilder();
        switch (style)
        {
            case ToolPromptStyle.Qwen:
                text.Append("# Tools\n\nYou may call one or more functions to assist with the user query.\n\n")
                    .Append("You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n");
                foreach (AIFunctionDeclaration function in functions)
                {
                    text.Append(Definition(function)).Append('\n');
                }

                text.Append("</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n")
                    .Append("<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>\n")
                    .Append(requirement);
                break;

            case ToolPromptStyle.Llama3:
                text.Append("You have access to the following functions. To call a function, respond with JSON in the format ")
                    .Append("{\"name\": function name, \"parameters\": dictionary of argument name and its value}. ")
                    .Append("Reply with the JSON only, and do not use variables.\n\n");
                foreach (AIFunctionDeclaration function in functions)
                {
                    text.Append(Definition(function)).Append("\n\n");
                }

                text.Append(requirement);
                break;

            default:
                text.Append("You can use the following tools, described as JSON:\n");
                foreach (AIFunctionDeclaration function in functions)
                {
                    text.Append(Definition(function)).Append('\n');
                }

                text.Append("\nTo call a tool, reply only with:\n<tool_call>{\"name\": \"<tool name>\", \"arguments\": {<arguments as JSON>}}</tool_call>\n")
                    .Append(requirement);
                break;
        }

        return text.ToString();
    }

    /// <summary>Writes earlier tool calls as the assistant wrote them, for the conversation history.</summary>
    /// <param name="calls">The calls of one assistant turn.</param>
    /// <param name="style">The style.</param>
    /// <returns>The assistant message text.</returns>
    public static string FormatToolCalls(IEnumerable<FunctionCallContent> calls, ToolPromptStyle style)
    {
        var text = new StringBuilder();
        foreach (FunctionCallContent call in calls)
        {
            string json = CallJson(call, style == ToolPromptStyle.Llama3 ? "parameters" : "arguments");
            if (style == ToolPromptStyle.Llama3)
            {
                text.Append(text.Length == 0 ? string.Empty : "\n").Append(json);
            }
            else
            {
                string newline = style == ToolPromptStyle.Qwen ? "\n" : string.Empty;
                text.Append(text.Length == 0 ? string.Empty : "\n")
                    .Append(ToolCallGrammar.OpenTag).Append(newline).Append(json).Append(newline).Append(ToolCallGrammar.CloseTag);
            }
        }

        return text.ToString();
    }

    /// <summary>Renders a tool's result as a message of the conversation.</summary>
    /// <param name="result">The result.</param>
    /// <param name="style">The style.</param>
    /// <param name="functionName">The called function's name, when known (from the matching <see cref="FunctionCallContent"/>).</param>
    /// <returns>The role to give the message in the chat template, and its text.</returns>
    public static (string Role, string Content) FormatToolResult(FunctionResultContent result, ToolPromptStyle style, string? functionName = null)
    {
        string value = ResultText(result);
        return style switch
        {
            ToolPromptStyle.Qwen => ("user", "<tool_response>\n" + value + "\n</tool_response>"),
            ToolPromptStyle.Llama3 => ("ipython", value),
            _ => ("tool", (functionName is null ? string.Empty : $"Result of {functionName} (call {result.CallId}):\n") + value),
        };
    }

    /// <summary>Writes a tool result as text: strings as they are, anything else as JSON.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The text.</returns>
    public static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null when result.Exception is not null => "Error: " + result.Exception.Message,
        null => "null",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!, // AIFunctionFactory returns strings as JSON strings
        JsonElement e => e.GetRawText(),
        object o => JsonSerializer.Serialize(o, s_compact.GetTypeInfo(o.GetType())),
    };

    /// <summary>Writes a function's definition as one line of JSON: <c>{"type":"function","function":{name, description, parameters}}</c>.</summary>
    /// <param name="function">The function.</param>
    /// <returns>The JSON text.</returns>
    public static string Definition(AIFunctionDeclaration function)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            writer.WriteString("name", function.Name);
            if (!string.IsNullOrEmpty(function.Description))
            {
                writer.WriteString("description", function.Description);
            }

            writer.WritePropertyName("parameters");
            ToolCallGrammar.ParametersSchema(function).WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string CallJson(FunctionCallContent call, string argumentsName)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("name", call.Name);
            writer.WritePropertyName(argumentsName);
            writer.WriteStartObject();
            foreach (KeyValuePair<string, object?> argument in call.Arguments ?? new Dictionary<string, object?>())
            {
                writer.WritePropertyName(argument.Key);
                switch (argument.Value)
                {
                    case null:
                        writer.WriteNullValue();
                        break;
                    case JsonElement element:
                        element.WriteTo(writer);
                        break;
                    default:
                        JsonSerializer.Serialize(writer, argument.Value, s_compact.GetTypeInfo(argument.Value.GetType()));
                        break;
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
