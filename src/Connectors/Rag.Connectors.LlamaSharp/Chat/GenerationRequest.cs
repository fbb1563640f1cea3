// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Tools;

namespace Rag.Connectors.LlamaSharp;

/// <summary>One request's prompt tokens and generation settings, resolved from <see cref="ChatOptions"/> and the client options.</summary>
internal sealed class GenerationRequest
{
    private static readonly DefaultSamplingPipeline s_defaults = new();

    private readonly ChatOptions? _chat;

    public GenerationRequest(
        IReadOnlyList<LLamaToken> prompt, ChatOptions? chat, LlamaSharpChatOptions options, int contextSize, string modelId, ConstrainedDecodingPlan? plan = null)
    {
        Prompt = prompt;
        Plan = plan ?? ConstrainedDecodingPlan.Unconstrained;
        _chat = chat;
        Options = options;
        ContextSize = contextSize;
        ModelId = chat?.ModelId ?? modelId;
        MaxOutputTokens = chat?.MaxOutputTokens is int max and > 0 ? max : options.DefaultMaxOutputTokens;
        StopSequences = chat?.StopSequences;

        // Under a grammar, end-of-generation is how a complete structure ends: it is never suppressed.
        IgnoreEos = Plan.Grammar is null
            && chat?.AdditionalProperties?.TryGetValue(LlamaSharpChatClient.IgnoreEosProperty, out object? v) == true && v is true;
    }

    /// <summary>Gets the request's decoding plan (grammar, tools, response parsing).</summary>
    public ConstrainedDecodingPlan Plan { get; }

    public IReadOnlyList<LLamaToken> Prompt { get; }

    public LlamaSharpChatOptions Options { get; }

    public int ContextSize { get; }

    public string ModelId { get; }

    public int MaxOutputTokens { get; }

    public IList<string>? StopSequences { get; }

    public bool IgnoreEos { get; }

    public DefaultSamplingPipeline CreateSampler()
    {
        DefaultSamplingPipeline defaults = s_defaults;
        var sampler = new DefaultSamplingPipeline
        {
            Temperature = _chat?.Temperature ?? defaults.Temperature,
            TopP = _chat?.TopP ?? defaults.TopP,
            TopK = _chat?.TopK ?? defaults.TopK,
            FrequencyPenalty = _chat?.FrequencyPenalty ?? defaults.FrequencyPenalty,
            PresencePenalty = _chat?.PresencePenalty ?? defaults.PresencePenalty,
            PreventEOS = IgnoreEos,
            Grammar = Plan.Grammar is null ? null : new Grammar(Plan.Grammar, Plan.RootRule),
            GrammarOptimization = DefaultSamplingPipeline.GrammarOptimizationMode.Extended,
        };
        if (_chat?.Seed is long seed)
        {
            sampler.Seed = unchecked((uint)seed);
        }

        return sampler;
    }

    public ChatResponseUpdate Update(string responseId, string text) => new(ChatRole.Assistant, text)
    {
        ResponseId = responseId,
        MessageId = responseId,
        ModelId = ModelId,
    };
}
