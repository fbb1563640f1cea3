// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.LlamaSharp.Tools;

/// <summary>The way tools are described to a model, and the way its tool calls are written.</summary>
public enum ToolPromptStyle
{
    /// <summary>
    /// Any model: tools listed as JSON in the system prompt; a call is
    /// <c>&lt;tool_call&gt;{"name": …, "arguments": {…}}&lt;/tool_call&gt;</c>; results come back in the <c>tool</c> role.
    /// </summary>
    Generic,

    /// <summary>
    /// Qwen2.5 (and ChatML/Hermes-style models): the <c># Tools</c> system section with a <c>&lt;tools&gt;</c> list;
    /// a call is <c>&lt;tool_call&gt;\n{"name": …, "arguments": {…}}\n&lt;/tool_call&gt;</c>; results come back as a user
    /// turn wrapped in <c>&lt;tool_response&gt;</c>.
    /// </summary>
    Qwen,

    /// <summary>
    /// Llama 3.x JSON tool calling: function definitions as JSON; a call is a bare
    /// <c>{"name": …, "parameters": {…}}</c>; results come back in the <c>ipython</c> role.
    /// </summary>
    Llama3,
}
