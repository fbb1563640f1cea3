// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Grammars;
using Rag.Connectors.LlamaSharp.Tools;

namespace Rag.Connectors.LlamaSharp;

/// <summary>
/// Follows one response decoded under a <see cref="ConstrainedDecodingPlan"/>: decides, from its first character,
/// whether it is a tool call (held back and returned whole at the end) or an answer (streamed), and checks at the end
/// that JSON output parses and validates and that a call is complete.
/// </summary>
/// <remarks>
/// The tool-call grammars make that decision exact: a call starts with <c>&lt;</c> (tagged styles) or <c>{</c>
/// (<see cref="ToolPromptStyle.Llama3"/>), and a free answer can neither start with that character nor with whitespace.
/// Used by one request at a time.
/// </remarks>
internal sealed class ConstrainedOutput
{
    private readonly ConstrainedDecodingPlan _plan;
    private readonly StringBuilder _text = new();
    private Mode _mode;

    public ConstrainedOutput(ConstrainedDecodingPlan plan)
    {
        _plan = plan;
        _mode = plan.MayCallTools ? Mode.Undecided : Mode.Answer;
    }

    private enum Mode
    {
        Undecided,
        Call,
        Answer,
    }

    /// <summary>Gets a value indicating whether the response is known to be (or may still be) a tool call.</summary>
    public bool HoldsBack => _mode != Mode.Answer;

    /// <summary>Adds decoded text; returns the text that may be streamed now.</summary>
    /// <param name="text">The text of one decoding step.</param>
    /// <param name="session">The session, whose stop sequences start once a free answer is recognised.</param>
    /// <returns>The text to release (empty while held back).</returns>
    public string Append(string text, GenerationSession session)
    {
        if (_plan.Grammar is not null)
        {
            _text.Append(text);
        }

        switch (_mode)
        {
            case Mode.Answer:
                return text;
            case Mode.Call:
                return string.Empty;
        }

        int first = 0;
        while (first < _text.Length && char.IsWhiteSpace(_text[first]))
        {
            first++;
        }

        if (first == _text.Length)
        {
            return string.Empty;
        }

        char callStart = _plan.Style == ToolPromptStyle.Llama3 ? '{' : '<';
        if (_text[first] == callStart)
        {
            // With a JSON answer in the Llama 3 style both start with '{': the end decides (Complete).
            _mode = Mode.Call;
            return string.Empty;
        }

        _mode = Mode.Answer;
        string held = _text.ToString();
        return _plan.IsJson ? held : session.ActivateStopSequences(held);
    }

    /// <summary>Checks the finished response and returns the contents to send as one update, if the response was held back.</summary>
    /// <param name="session">The finished session.</param>
    /// <param name="maxOutputTokens">The request's output limit (for the error message).</param>
    /// <returns>The held-back contents (tool calls, or an answer that looked like one); <see langword="null"/> when everything was streamed.</returns>
    /// <exception cref="StructuredOutputTruncatedException">The token limit cut a tool call or JSON output.</exception>
    /// <exception cref="InvalidOperationException">The JSON output does not validate (a grammar defect).</exception>
    public IList<AIContent>? Complete(GenerationSession session, int maxOutputTokens)
    {
        bool truncated = session.FinishReason == ChatFinishReason.Length;
        string text = _text.ToString();
        if (_mode == Mode.Call)
        {
            IList<AIContent> contents = _plan.ParseResponse(text);
            if (contents.Any(c => c is FunctionCallContent))
            {
                return contents;
            }

            if (truncated && !_plan.IsJson)
            {
                throw new StructuredOutputTruncatedException(session.OutputTokens, maxOutputTokens, "a tool call");
            }

            Validate(text, truncated, session, maxOutputTokens);
            return [new TextContent(text)];
        }

        if (_mode == Mode.Answer && _plan.IsJson)
        {
            Validate(text, truncated, session, maxOutputTokens);
        }

        return null;
    }

    private void Validate(string text, bool truncated, GenerationSession session, int maxOutputTokens)
    {
        IReadOnlyList<string> errors;
        try
        {
            using var document = JsonDocument.Parse(text);
            errors = _plan.ResponseSchema is JsonElement schema
                ? JsonSchemaValidator.Validate(schema, document.RootElement)
                : document.RootElement.ValueKind == JsonValueKind.Object ? [] : ["the output is not a JSON object"];
        }
        catch (JsonException e)
        {
            errors = [e.Message];
        }

        if (errors.Count == 0)
        {
            return;
        }

        if (truncated)
        {
            throw new StructuredOutputTruncatedException(session.OutputTokens, maxOutputTokens, "the JSON output");
        }

        throw new InvalidOperationException(
            "The output decoded under the JSON grammar does not validate against the schema (" + string.Join("; ", errors) + "). This is a defect of the schema compiler; please report it with the schema.");
    }
}
