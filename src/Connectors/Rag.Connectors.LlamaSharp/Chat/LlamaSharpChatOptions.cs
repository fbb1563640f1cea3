// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Rag.Connectors.LlamaSharp.Tools;

namespace Rag.Connectors.LlamaSharp;

/// <summary>Options of the LLamaSharp chat client: the model file, how it runs, and how many requests it serves at once.</summary>
/// <remarks>Validated once, when the client is created (<see cref="Validate"/>). The model itself loads on first use.</remarks>
public sealed class LlamaSharpChatOptions
{
    /// <summary>Gets or sets the path of the GGUF model file. Required.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation.</value>
    public string? ModelPath { get; set; }

    /// <summary>Gets or sets the model id reported in <c>ChatClientMetadata</c> and responses.</summary>
    /// <value>The default is <see langword="null"/>: the model file name without extension.</value>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the context window in tokens (prompt plus output) of each request.</summary>
    /// <value>The default is <see langword="null"/>: the model's training context, capped at 4096.</value>
    public int? ContextSize { get; set; }

    /// <summary>Gets or sets the number of CPU threads used for decoding.</summary>
    /// <value>The default is <see langword="null"/>: llama.cpp's choice (the physical core count).</value>
    public int? Threads { get; set; }

    /// <summary>Gets or sets the largest number of prompt tokens decoded in one step.</summary>
    /// <value>The default is 512.</value>
    public int BatchSize { get; set; } = 512;

    /// <summary>Gets or sets the number of layers offloaded to a GPU; it has an effect only with a GPU backend package.</summary>
    /// <value>The default is 0 (CPU only).</value>
    public int GpuLayerCount { get; set; }

    /// <summary>Gets or sets how many requests generate at the same time; each holds its own context (KV cache) over the shared weights.</summary>
    /// <value>The default is 1. Memory grows with each context (about <c>ContextSize × layers × KV width</c>).</value>
    /// <remarks>
    /// LLamaSharp serialises every <c>llama_decode</c> call process-wide (its <c>GlobalInferenceLock</c>), so concurrent
    /// requests interleave one decoding step (one token, or one prompt batch of up to <see cref="BatchSize"/> tokens) at a
    /// time: a value above 1 removes head-of-line blocking behind a long answer, it does not add CPU throughput.
    /// Requests beyond this wait in FIFO order.
    /// </remarks>
    public int MaxConcurrentRequests { get; set; } = 1;

    /// <summary>Gets or sets how many requests may wait for a free context; a request beyond this is rejected at once with a <see cref="ChatModelBusyException"/>.</summary>
    /// <value>The default is 64.</value>
    public int MaxQueuedRequests { get; set; } = 64;

    /// <summary>Gets or sets the default limit on generated tokens when a request sets no <c>MaxOutputTokens</c>.</summary>
    /// <value>The default is 512.</value>
    public int DefaultMaxOutputTokens { get; set; } = 512;

    /// <summary>
    /// Gets or sets a llama.cpp built-in chat template name (for example <c>chatml</c>, <c>llama3</c>) used instead of the
    /// model's own template.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the template in the GGUF metadata, or <see cref="FallbackChatTemplate"/> when it has none.</value>
    public string? ChatTemplate { get; set; }

    /// <summary>Gets or sets the llama.cpp built-in template used when the model has no (recognised) template of its own.</summary>
    /// <value>The default is <c>chatml</c>.</value>
    public string FallbackChatTemplate { get; set; } = "chatml";

    /// <summary>
    /// Gets or sets a value indicating whether a request reuses the KV cache of the longest prompt prefix it shares with
    /// the previous request on the same context (for example, a fixed system prompt), so only the new suffix is decoded.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool ReusePromptPrefix { get; set; } = true;

    /// <summary>
    /// Gets or sets how tools are described to the model and how it writes tool calls (<c>ChatOptions.Tools</c>).
    /// </summary>
    /// <value>
    /// The default is <see langword="null"/>: detected from the model id and chat template (Qwen/ChatML →
    /// <see cref="Tools.ToolPromptStyle.Qwen"/>, Llama 3.x → <see cref="Tools.ToolPromptStyle.Llama3"/>, otherwise
    /// <see cref="Tools.ToolPromptStyle.Generic"/>).
    /// </value>
    public ToolPromptStyle? ToolPromptStyle { get; set; }

    /// <summary>
    /// Gets or sets the most characters of a JSON string, under structured output or in tool-call arguments, whose
    /// schema sets no <c>maxLength</c>.
    /// </summary>
    /// <value>
    /// The default is 256. <see langword="null"/> leaves such strings unbounded, so that only <c>MaxOutputTokens</c>
    /// ends them, and a small model can then fill the whole budget with one string.
    /// </value>
    public int? StructuredOutputMaxStringLength { get; set; } = 256;

    /// <summary>
    /// Gets or sets the most items of a JSON array (and properties of a free-form object), under structured output or in
    /// tool-call arguments, whose schema sets no <c>maxItems</c>.
    /// </summary>
    /// <value>The default is 32. <see langword="null"/> leaves such arrays unbounded.</value>
    public int? StructuredOutputMaxArrayItems { get; set; } = 32;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("LlamaSharpChatOptions.ModelPath is required.", nameof(ModelPath));
        }

        if (ContextSize is < 16)
        {
            throw new ArgumentException($"LlamaSharpChatOptions.ContextSize must be at least 16 (was {ContextSize}).", nameof(ContextSize));
        }

        if (Threads is < 1 || BatchSize < 1 || GpuLayerCount < 0 || MaxConcurrentRequests < 1 || MaxQueuedRequests < 0 || DefaultMaxOutputTokens < 1)
        {
            throw new ArgumentException(
                "LlamaSharpChatOptions: Threads, BatchSize, MaxConcurrentRequests and DefaultMaxOutputTokens must be positive; GpuLayerCount and MaxQueuedRequests must not be negative.");
        }

        if (StructuredOutputMaxStringLength is < 1 || StructuredOutputMaxArrayItems is < 1)
        {
            throw new ArgumentException("LlamaSharpChatOptions: StructuredOutputMaxStringLength and StructuredOutputMaxArrayItems must be positive when set.");
        }

        if (ToolPromptStyle is { } style && !Enum.IsDefined(style))
        {
            throw new ArgumentException($"LlamaSharpChatOptions.ToolPromptStyle has an unknown value ({style}).", nameof(ToolPromptStyle));
        }

        if (string.IsNullOrWhiteSpace(FallbackChatTemplate))
        {
            throw new ArgumentException("LlamaSharpChatOptions.FallbackChatTemplate is required.", nameof(FallbackChatTemplate));
        }
    }

    internal LlamaSharpChatOptions Clone() => (LlamaSharpChatOptions)MemberwiseClone();
}
