// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Tools;

namespace Rag.Connectors.LlamaSharp;

/// <summary>
/// Turns a conversation into the (role, text) turns given to the chat template: the tools section joins the system
/// message, earlier tool calls are written as the model would have written them, and tool results are rendered in the
/// style's role (falling back to <c>user</c> where the template has no such role).
/// </summary>
/// <remarks>Thread-safe: stateless.</remarks>
internal static class ChatPromptRenderer
{
    private const string SystemRole = "system";
    private const string UserRole = "user";

    /// <summary>Renders the conversation.</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="instructions"><see cref="ChatOptions.Instructions"/>, rendered as a leading system message.</param>
    /// <param name="plan">The request's decoding plan (its <see cref="ConstrainedDecodingPlan.ToolsPrompt"/> joins the system message).</param>
    /// <param name="style">How tool calls and results are written.</param>
    /// <param name="supportsRole">Tells whether the chat template renders a role other than system, user and assistant.</param>
    /// <param name="quote">
    /// Applied to the text that comes from the caller (instructions, message text, tool results) and not to what is written
    /// here around it (tool-call tags, the tools section): <see cref="TemplateControlTokens.Quote"/>; none leaves it as it is.
    /// </param>
    /// <returns>The turns, in order.</returns>
    public static List<(string Role, string Content)> Render(
        IEnumerable<ChatMessage> messages, string? instructions, ConstrainedDecodingPlan plan, ToolPromptStyle style, Func<string, bool> supportsRole, Func<string, string>? quote = null)
    {
        quote ??= static text => text;
        var turns = new List<(string Role, string Content)>();
        if (!string.IsNullOrEmpty(instructions))
        {
            turns.Add((SystemRole, quote(instructions)));
        }

        IReadOnlyList<ChatMessage> history = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        Dictionary<string, string> callNames = history
            .SelectMany(m => m.Contents.OfType<FunctionCallContent>())
            .Where(c => c.CallId is not null)
            .GroupBy(c => c.CallId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);

        bool previousWasResult = false;
        foreach (ChatMessage message in history)
        {
            List<FunctionResultContent> results = [.. message.Contents.OfType<FunctionResultContent>()];
            List<FunctionCallContent> calls = [.. message.Contents.OfType<FunctionCallContent>()];
            string text = message.Text.Length > 0 ? quote(message.Text) : string.Empty;

            if (results.Count > 0)
            {
                if (text.Length > 0)
                {
                    turns.Add((MapRole(message.Role.Value, supportsRole), text));
                    previousWasResult = false;
                }

                foreach (FunctionResultContent result in results)
                {
                    var quoted = new FunctionResultContent(result.CallId, quote(ToolPromptFormatter.ResultText(result)));
                    (string role, string content) = ToolPromptFormatter.FormatToolResult(
                        quoted, style, callNames.GetValueOrDefault(result.CallId));
                    role = MapRole(role, supportsRole);

                    // Consecutive results in the user role (Qwen's <tool_response> blocks, or the fallback) share one turn.
                    if (previousWasResult && role == UserRole && turns[^1].Role == UserRole)
                    {
                        turns[^1] = (UserRole, turns[^1].Content + "\n" + content);
                    }
                    else
                    {
                        turns.Add((role, content));
                    }

                    previousWasResult = true;
                }

                continue;
            }

            previousWasResult = false;
            if (calls.Count > 0)
            {
                string written = ToolPromptFormatter.FormatToolCalls(calls, style);
                turns.Add((MapRole(message.Role.Value, supportsRole), text.Length > 0 ? text + "\n" + written : written));
                continue;
            }

            turns.Add((MapRole(message.Role.Value, supportsRole), text));
        }

        if (!string.IsNullOrEmpty(plan.ToolsPrompt))
        {
            int system = turns.FindIndex(t => t.Role == SystemRole);
            if (system >= 0)
            {
                turns[system] = (SystemRole, turns[system].Content + "\n\n" + plan.ToolsPrompt);
            }
            else
            {
                turns.Insert(0, (SystemRole, plan.ToolsPrompt));
            }
        }

        return turns;
    }

    private static string MapRole(string role, Func<string, bool> supportsRole) =>
        role is SystemRole or UserRole or "assistant" || supportsRole(role) ? role : UserRole;
}
