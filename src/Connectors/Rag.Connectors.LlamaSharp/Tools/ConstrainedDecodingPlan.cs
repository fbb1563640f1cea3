// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Grammars;

namespace Rag.Connectors.LlamaSharp.Tools;

/// <summary>
/// What one chat request asks of decoding, worked out from its <see cref="ChatOptions"/>: the grammar to decode under
/// (for <see cref="ChatOptions.ResponseFormat"/> JSON, and for <see cref="ChatOptions.Tools"/> with
/// <see cref="ChatOptions.ToolMode"/>), the tool section of the system prompt, and how to read the decoded text back.
/// </summary>
/// <remarks>
/// The chat client creates one plan per request: it appends <see cref="ToolsPrompt"/> to the system message, decodes
/// with <c>DefaultSamplingPipeline { Grammar = new Grammar(plan.Grammar, plan.RootRule) }</c> when
/// <see cref="Grammar"/> is not <see langword="null"/>, and turns the text into contents with <see cref="ParseResponse"/>.
/// Immutable, so thread-safe.
/// </remarks>
internal sealed class ConstrainedDecodingPlan
{
    private ConstrainedDecodingPlan(
        string? grammar, string? toolsPrompt, IReadOnlyList<AIFunctionDeclaration> functions, ToolPromptStyle style, JsonElement? responseSchema, bool isJson)
    {
        Grammar = grammar;
        ToolsPrompt = toolsPrompt;
        Functions = functions;
        Style = style;
        ResponseSchema = responseSchema;
        IsJson = isJson;
    }

    /// <summary>Gets the plan that constrains nothing: plain text, no tools.</summary>
    public static ConstrainedDecodingPlan Unconstrained { get; } = new(null, null, [], ToolPromptStyle.Generic, null, false);

    /// <summary>Gets the GBNF grammar to decode under, or <see langword="null"/> to decode freely.</summary>
    public string? Grammar { get; }

    /// <summary>Gets the start rule of <see cref="Grammar"/>.</summary>
    public string RootRule => GbnfGrammarBuilder.RootRuleName;

    /// <summary>Gets the text describing the tools, to append to the system message; <see langword="null"/> when no tools are offered.</summary>
    public string? ToolsPrompt { get; }

    /// <summary>Gets the functions the model may call in this request (empty when none).</summary>
    public IReadOnlyList<AIFunctionDeclaration> Functions { get; }

    /// <summary>Gets the prompt and call style.</summary>
    public ToolPromptStyle Style { get; }

    /// <summary>Gets the JSON schema the (non-tool) answer follows, if any.</summary>
    public JsonElement? ResponseSchema { get; }

    /// <summary>Gets a value indicating whether the (non-tool) answer is JSON.</summary>
    public bool IsJson { get; }

    /// <summary>Gets a value indicating whether the response may hold tool calls.</summary>
    public bool MayCallTools => Functions.Count > 0;

    /// <summary>Works out the plan for a request.</summary>
    /// <param name="options">The request's options.</param>
    /// <param name="style">The model's style (see <see cref="ToolPromptFormatter.DetectStyle"/>).</param>
    /// <param name="grammarOptions">Bounds for the JSON grammars; <see cref="JsonGrammarOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="InvalidOperationException">The tool mode requires a function that is not among the tools.</exception>
    /// <exception cref="NotSupportedException">The response schema or a function's parameter schema uses an unsupported construct; the message names the JSON pointer.</exception>
    public static ConstrainedDecodingPlan Create(ChatOptions? options, ToolPromptStyle style, JsonGrammarOptions? grammarOptions = null)
    {
        if (options is null)
        {
            return Unconstrained;
        }

        JsonElement? schema = null;
        bool isJson = false;
        if (options.ResponseFormat is ChatResponseFormatJson json)
        {
            isJson = true;
            schema = json.Schema;
        }

        IReadOnlyList<AIFunctionDeclaration> functions = options.ToolMode is NoneChatToolMode
            ? []
            : [.. (options.Tools ?? []).OfType<AIFunctionDeclaration>()];

        if (options.ToolMode is RequiredChatToolMode { RequiredFunctionName: string required })
        {
            functions = [.. functions.Where(f => f.Name == required)];
            if (functions.Count == 0)
            {
                throw new InvalidOperationException($"The tool mode requires the function '{required}', which is not among the chat options' tools.");
            }
        }

        if (functions.Count > 0)
        {
            bool allowAnswer = options.ToolMode is not RequiredChatToolMode;
            int maxCalls = options.AllowMultipleToolCalls == true ? 4 : 1;
            string grammar = ToolCallGrammar.Build(functions, style, allowAnswer, maxCalls, grammarOptions, schema ?? (isJson ? AnyObjectSchema() : null));
            string prompt = ToolPromptFormatter.FormatToolsPrompt(functions, options.ToolMode, style);
            return new(grammar, prompt, functions, style, schema, isJson);
        }

        if (isJson)
        {
            string grammar = schema is JsonElement s
                ? JsonSchemaGrammarCompiler.Compile(s, grammarOptions)
                : JsonSchemaGrammarCompiler.CompileAnyObject(grammarOptions);
            return new(grammar, null, [], style, schema, true);
        }

        return Unconstrained;
    }

    /// <summary>Turns the decoded text into the response contents.</summary>
    /// <param name="text">The decoded text.</param>
    /// <param name="callIdFactory">Makes call ids; random ids when <see langword="null"/>.</param>
    /// <returns><see cref="FunctionCallContent"/>s when the model called tools, otherwise one <see cref="TextContent"/>.</returns>
    public IList<AIContent> ParseResponse(string text, Func<string>? callIdFactory = null) =>
        MayCallTools
            ? ToolCallParser.Parse(text, [.. Functions.Select(f => f.Name)], callIdFactory)
            : [new TextContent(text)];

    private static JsonElement AnyObjectSchema() => JsonDocument.Parse("""{"type":"object"}""").RootElement;
}
