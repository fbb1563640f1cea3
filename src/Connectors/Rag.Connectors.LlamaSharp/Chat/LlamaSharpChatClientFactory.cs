// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Rag.Connectors.LlamaSharp;

/// <summary>Creates LLamaSharp chat clients outside dependency injection.</summary>
public static class LlamaSharpChatClientFactory
{
    /// <summary>Creates a chat client over a local GGUF model. The model loads on first use, not here.</summary>
    /// <param name="options">The options; they are copied and validated.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for no logging. llama.cpp's own log is forwarded to category <c>LLama.Native</c> (process-wide).</param>
    /// <returns>
    /// A thread-safe <see cref="IChatClient"/>. <c>GetService</c> returns its <see cref="ChatClientMetadata"/> and an
    /// <see cref="ITokenCounter"/> (model tokenizer; <see cref="ITokenCounter.MaxTokens"/> is the context size). Dispose it to
    /// free native memory; disposing stops running requests within one decoding step.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    /// <remarks>
    /// <para><b>Structured output.</b> <c>ChatOptions.ResponseFormat = ChatResponseFormat.Json</c> (any JSON object) or
    /// <c>ChatResponseFormat.ForJsonSchema(schema)</c> compiles the schema to a GBNF grammar and decodes under it, so the
    /// text always parses and validates. Supported: objects (properties in declared order, required and optional;
    /// no extra properties), arrays (<c>items</c>, <c>minItems</c>, <c>maxItems</c>), strings (<c>minLength</c>,
    /// <c>maxLength</c>, formats <c>date</c>, <c>time</c>, <c>date-time</c>, <c>uuid</c>), numbers, integers, booleans,
    /// null, <c>enum</c>, <c>const</c>, local <c>$ref</c>, <c>anyOf</c>/<c>oneOf</c>. Anything else (<c>pattern</c>,
    /// <c>minimum</c>, <c>not</c>, recursive <c>$ref</c>, …) throws <see cref="NotSupportedException"/> naming the JSON
    /// pointer, before generation. Strings and arrays without bounds are bounded by
    /// <see cref="LlamaSharpChatOptions.StructuredOutputMaxStringLength"/> and
    /// <see cref="LlamaSharpChatOptions.StructuredOutputMaxArrayItems"/>. If <c>MaxOutputTokens</c> (or the context) runs
    /// out before the JSON is complete, the request throws <see cref="StructuredOutputTruncatedException"/> instead of
    /// returning invalid JSON. Stop sequences do not apply to JSON output.</para>
    /// <para><b>Tool calling.</b> The <see cref="AIFunctionDeclaration"/>s in <c>ChatOptions.Tools</c> are described in
    /// the system message (one is created if the conversation has none) in the model family's style
    /// (<see cref="LlamaSharpChatOptions.ToolPromptStyle"/>), and the response is decoded under a grammar that allows a
    /// call to one of them with arguments valid against its JSON schema, or (tool mode auto) a plain answer. Calls come
    /// back as <see cref="FunctionCallContent"/> with <see cref="ChatFinishReason.ToolCalls"/>; when streaming, a
    /// response that starts as a call is held back and returned as one update at the end, while an answer streams token
    /// by token. <c>ToolMode</c> none ignores the tools; <c>RequireAny</c> forces a call; <c>RequireSpecific</c> forces
    /// that function (an <see cref="InvalidOperationException"/> if it is not offered); <c>AllowMultipleToolCalls</c>
    /// allows up to four calls in the tagged styles. Earlier calls and their <see cref="FunctionResultContent"/>s are
    /// written back into the prompt in the model's chat template (the <c>tool</c> or <c>ipython</c> role where the
    /// template has one, otherwise <c>user</c>), so <c>UseFunctionInvocation()</c> and Semantic Kernel's
    /// <c>FunctionChoiceBehavior</c> (with <c>UseKernelFunctionInvocation()</c>) complete their loops.</para>
    /// </remarks>
    public static IChatClient Create(LlamaSharpChatOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        LlamaSharpChatOptions copy = options.Clone();
        copy.Validate();
        return new LlamaSharpChatClient(copy, loggerFactory);
    }
}
