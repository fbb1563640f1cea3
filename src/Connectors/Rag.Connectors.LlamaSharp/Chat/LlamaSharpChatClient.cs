// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using LLama;
using LLama.Exceptions;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rag.Connectors.LlamaSharp;

/// <summary>An <see cref="IChatClient"/> over LLamaSharp: chat template, streaming, sampling options, usage, cancellation per decoding step.</summary>
/// <remarks>
/// Thread-safe. Up to <see cref="LlamaSharpChatOptions.MaxConcurrentRequests"/> requests generate at once, each on its
/// own context over shared weights; further requests wait in FIFO order (at most
/// <see cref="LlamaSharpChatOptions.MaxQueuedRequests"/>). Prompt text is logged only at Trace level.
/// </remarks>
internal sealed partial class LlamaSharpChatClient : IChatClient
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key that, set to <see langword="true"/>, keeps generating past end-of-generation tokens (benchmarks).</summary>
    internal const string IgnoreEosProperty = "ignore_eos";

    private readonly LlamaModelHost _host;
    private readonly ILogger _logger;
    private readonly ChatClientMetadata _metadata;
    private readonly LlamaTokenCounter _tokenCounter;
    private long _generatedTokens;

    public LlamaSharpChatClient(LlamaSharpChatOptions options, ILoggerFactory? loggerFactory)
    {
        _host = new LlamaModelHost(options, loggerFactory);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<LlamaSharpChatClient>();
        _metadata = new ChatClientMetadata("llamasharp", new Uri(_host.ModelPath), _host.ModelId);
        _tokenCounter = new LlamaTokenCounter(_host);
    }

    internal LlamaModelHost Host => _host;

    /// <summary>Gets the number of tokens sampled since creation, across requests (diagnostics and tests).</summary>
    internal long GeneratedTokenCount => Interlocked.Read(ref _generatedTokens);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        await _host.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);

        LLamaToken[] prompt = _host.BuildPrompt(messages, options?.Instructions);
        int contextSize = _host.ContextSize;
        if (prompt.Length >= contextSize)
        {
            throw new ContextWindowExceededException(prompt.Length, contextSize);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _host.ShutdownToken);
        ContextSlot slot = await _host.AcquireAsync(prompt, linked.Token).ConfigureAwait(false);
        var request = new GenerationRequest(prompt, options, _host.Options, contextSize, _host.ModelId);
        Channel<ChatResponseUpdate> channel = Channel.CreateUnbounded<ChatResponseUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        Task producer = Task.Run(() => Generate(slot, request, channel.Writer, linked.Token), CancellationToken.None);
        try
        {
            await foreach (ChatResponseUpdate update in channel.Reader.ReadAllAsync(linked.Token).ConfigureAwait(false))
            {
                yield return update;
            }
        }
        finally
        {
            // Early exit or cancellation by the caller: stop the decoder (within one step) and wait for the context to come back.
            await linked.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType == typeof(ITokenCounter) ? _tokenCounter
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose() => _host.Dispose();

    private void Generate(ContextSlot slot, GenerationRequest request, ChannelWriter<ChatResponseUpdate> writer, CancellationToken cancellationToken)
    {
        DefaultSamplingPipeline? sampler = null;
        try
        {
            LLamaContext context = slot.Context;
            SafeLLamaContextHandle handle = context.NativeHandle;
            IReadOnlyList<LLamaToken> prompt = request.Prompt;

            // KV-cache reuse: keep the longest prefix this context already holds; always decode at least the last prompt token.
            int reused = request.Options.ReusePromptPrefix ? Math.Min(slot.CommonPrefixLength(prompt), prompt.Count - 1) : 0;
            slot.TruncateCache(reused);
            Log.Generating(_logger, prompt.Count, reused, request.MaxOutputTokens);

            var batch = new LLamaBatch();
            int batchSize = request.Options.BatchSize;
            for (int start = reused; start < prompt.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int end = Math.Min(start + batchSize, prompt.Count);
                batch.Clear();
                for (int i = start; i < end; i++)
                {
                    batch.Add(prompt[i], i, LLamaSeqId.Zero, logits: i == prompt.Count - 1);
                }

                Decode(handle, batch);
                for (int i = start; i < end; i++)
                {
                    slot.CachedTokens.Add(prompt[i]);
                }
            }

            sampler = request.CreateSampler();
            var decoder = new StreamingTokenDecoder(context);
            var stops = new StopSequenceMatcher(request.StopSequences);
            SafeLlamaModelHandle.Vocabulary vocab = context.Vocab;
            string responseId = Guid.NewGuid().ToString("N");
            int outputTokens = 0;
            int position = prompt.Count;
            ChatFinishReason finish = ChatFinishReason.Length;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                LLamaToken token = sampler.Sample(handle, batch.TokenCount - 1);
                Interlocked.Increment(ref _generatedTokens);
                if (!request.IgnoreEos && token.IsEndOfGeneration(vocab))
                {
                    finish = ChatFinishReason.Stop;
                    break;
                }

                outputTokens++;
                decoder.Add(token);
                string text = stops.Append(decoder.Read(), out bool stopped);
                if (text.Length > 0)
                {
                    writer.TryWrite(request.Update(responseId, text));
                }

                if (stopped)
                {
                    finish = ChatFinishReason.Stop;
                    break;
                }

                if (outputTokens >= request.MaxOutputTokens || position >= request.ContextSize)
                {
                    break;
                }

                batch.Clear();
                batch.Add(token, position, LLamaSeqId.Zero, logits: true);
                Decode(handle, batch);
                slot.CachedTokens.Add(token);
                position++;
            }

            string rest = stops.Flush();
            var final = new ChatResponseUpdate(ChatRole.Assistant, rest.Length > 0 ? rest : null)
            {
                ResponseId = responseId,
                MessageId = responseId,
                ModelId = request.ModelId,
                FinishReason = finish,
            };
            final.Contents.Add(new UsageContent(new UsageDetails
            {
                InputTokenCount = prompt.Count,
                OutputTokenCount = outputTokens,
                TotalTokenCount = prompt.Count + outputTokens,
                CachedInputTokenCount = reused,
            }));
            writer.TryWrite(final);
            Log.Generated(_logger, outputTokens, finish.Value);
            writer.TryComplete();
        }
        catch (Exception e)
        {
            if (e is not OperationCanceledException)
            {
                // A failed decode may leave a partial batch in the cache: start clean next time.
                slot.TruncateCache(0);
            }

            writer.TryComplete(e);
        }
        finally
        {
            sampler?.Dispose();
            _host.Release(slot);
        }
    }

    private static void Decode(SafeLLamaContextHandle handle, LLamaBatch batch)
    {
        DecodeResult result = handle.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new LLamaDecodeError(result);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Debug, "Generating: {PromptTokens} prompt tokens ({ReusedTokens} reused from the KV cache), up to {MaxOutputTokens} output tokens.")]
        public static partial void Generating(ILogger logger, int promptTokens, int reusedTokens, int maxOutputTokens);

        [LoggerMessage(11, LogLevel.Debug, "Generated {OutputTokens} tokens; finish reason {FinishReason}.")]
        public static partial void Generated(ILogger logger, int outputTokens, string finishReason);
    }

    private sealed class GenerationRequest
    {
        private static readonly DefaultSamplingPipeline s_defaults = new();

        private readonly ChatOptions? _chat;

        public GenerationRequest(IReadOnlyList<LLamaToken> prompt, ChatOptions? chat, LlamaSharpChatOptions options, int contextSize, string modelId)
        {
            Prompt = prompt;
            _chat = chat;
            Options = options;
            ContextSize = contextSize;
            ModelId = chat?.ModelId ?? modelId;
            MaxOutputTokens = chat?.MaxOutputTokens is int max and > 0 ? max : options.DefaultMaxOutputTokens;
            StopSequences = chat?.StopSequences;
            IgnoreEos = chat?.AdditionalProperties?.TryGetValue(IgnoreEosProperty, out object? v) == true && v is true;
        }

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
}
