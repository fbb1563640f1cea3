// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Grammars;

namespace Rag.Connectors.LlamaSharp.Tools;

/// <summary>
/// Builds the GBNF grammar a model decodes under when it is offered tools: either only tool calls (tool mode required
/// or a specific function), or a choice between tool calls and a plain answer (tool mode auto). Each call's
/// <c>name</c> is one of the offered functions and its arguments follow that function's JSON schema.
/// </summary>
/// <remarks>Thread-safe: stateless.</remarks>
internal static class ToolCallGrammar
{
    /// <summary>The tag opening a call in the <see cref="ToolPromptStyle.Qwen"/> and <see cref="ToolPromptStyle.Generic"/> styles.</summary>
    public const string OpenTag = "<tool_call>";

    /// <summary>The tag closing a call in the <see cref="ToolPromptStyle.Qwen"/> and <see cref="ToolPromptStyle.Generic"/> styles.</summary>
    public const string CloseTag = "</tool_call>";

    /// <summary>Builds the grammar.</summary>
    /// <param name="functions">The functions the model may call (at least one).</param>
    /// <param name="style">How calls are written.</param>
    /// <param name="allowAnswer">
    /// <see langword="true"/> (tool mode auto) to let the model answer instead of calling: the answer is free text that
    /// cannot be mistaken for a call, or, when <paramref name="answerSchema"/> is given, JSON of that schema.
    /// </param>
    /// <param name="maxCalls">The most calls in one response (1 unless parallel calls are allowed). <see cref="ToolPromptStyle.Llama3"/> always makes one.</param>
    /// <param name="options">Bounds for the argument grammars; <see cref="JsonGrammarOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="answerSchema">A JSON schema the answer must follow, or <see langword="null"/> for free text.</param>
    /// <returns>The GBNF text, start rule <c>root</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="functions"/> is empty.</exception>
    /// <exception cref="NotSupportedException">A function's parameter schema uses an unsupported construct; the message names the function and the JSON pointer.</exception>
    public static string Build(
        IReadOnlyList<AIFunctionDeclaration> functions,
        ToolPromptStyle style,
        bool allowAnswer,
        int maxCalls = 1,
        JsonGrammarOptions? options = null,
        JsonElement? answerSchema = null)
    {
        if (functions.Count == 0)
        {
            throw new ArgumentException("At least one function is required to build a tool-call grammar.", nameof(functions));
        }

        var builder = new GbnfGrammarBuilder();
        string ws = JsonSchemaGrammarCompiler.AddWhitespaceRule(builder, options);
        string argumentsKey = GbnfGrammarBuilder.Literal(style == ToolPromptStyle.Llama3 ? "\"parameters\"" : "\"arguments\"");

        var calls = new List<string>();
        foreach (AIFunctionDeclaration function in functions)
        {
            string arguments = JsonSchemaGrammarCompiler.AddSchemaRule(
                builder, ParametersSchema(function), function.Name + "-args", options, $"function '{function.Name}' parameters");
            string name = GbnfGrammarBuilder.Literal(JsonSerializer.Serialize(function.Name));
            calls.Add(builder.Add(
                "call-" + function.Name,
                $"\"{{\" {ws} \"\\\"name\\\"\" {ws} \":\" {ws} {name} {ws} \",\" {ws} {argumentsKey} {ws} \":\" {ws} {arguments} {ws} \"}}\""));
        }

        string call = builder.Add("call", string.Join(" | ", calls));
        string callsRule;
        if (style == ToolPromptStyle.Llama3)
        {
            callsRule = call;
        }
        else
        {
            string tagged = builder.Add(
                "tagged-call",
                GbnfGrammarBuilder.Literal(OpenTag) + " " + ws + " " + call + " " + ws + " " + GbnfGrammarBuilder.Literal(CloseTag));
            callsRule = builder.Add("calls", tagged + " " + GbnfGrammarBuilder.Repeat(ws + " " + tagged, 0, Math.Max(1, maxCalls) - 1));
        }

        if (!allowAnswer)
        {
            return builder.Build(callsRule);
        }

        string answer;
        if (answerSchema is JsonElement schema)
        {
            answer = JsonSchemaGrammarCompiler.AddSchemaRule(builder, schema, "answer", options, "the response format");
        }
        else
        {
            // Free text whose first character can neither start a call nor be whitespace, so that the text decoded is
            // a call exactly when it starts with the call's first character.
            string first = style == ToolPromptStyle.Llama3 ? "{" : "<";
            answer = builder.Add("answer", "[^" + first + " \\t\\n\\r\\x00] [^\\x00]*");
        }

        return builder.Build(callsRule + " | " + answer);
    }

    /// <summary>Returns a function's parameter schema, or an empty-object schema when it declares none.</summary>
    /// <param name="function">The function.</param>
    /// <returns>A JSON schema for the call's arguments.</returns>
    public static JsonElement ParametersSchema(AIFunctionDeclaration function) =>
        function.JsonSchema.ValueKind == JsonValueKind.Object
            ? function.JsonSchema
            : JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;
}
