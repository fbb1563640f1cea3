// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using LLama;
using LLama.Exceptions;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;

namespace Rag.Connectors.LlamaSharp;

/// <summary>
/// One request's decoding on a leased context, one step at a time: <see cref="Prefill"/> decodes the prompt (reusing the
/// cached prefix), each <see cref="Step"/> samples one token and decodes it. The caller checks cancellation between
/// steps, so generation stops within one decoding step and never runs ahead of the consumer.
/// </summary>
internal sealed class GenerationSession : IDisposable
{
    private readonly LlamaModelHost _host;
    private readonly ContextSlot _slot;
    private readonly GenerationRequest _request;
    private readonly SafeLLamaContextHandle _handle;
    private readonly LLamaBatch _batch = new();
    private readonly StopSequenceMatcher _stops;
    private readonly Action _onTokenSampled;
    private readonly SafeLlamaModelHandle.Vocabulary _vocab;
    private DefaultSamplingPipeline? _sampler;
    private StreamingTokenDecoder? _decoder;
    private int _position;
    private bool _stopsActive;
    private bool _faulted;
    private bool _disposed;

    public GenerationSession(LlamaModelHost host, ContextSlot slot, GenerationRequest request, Action onTokenSampled)
    {
        _host = host;
        _slot = slot;
        _request = request;
        _handle = slot.Context.NativeHandle;
        _stops = new StopSequenceMatcher(request.StopSequences);
        _onTokenSampled = onTokenSampled;
        _vocab = slot.Context.Vocab;

        // Stop sequences must not cut a structure decoded under a grammar; a free-text answer turns them on once it is
        // known to be one (ActivateStopSequences).
        _stopsActive = request.Plan.Grammar is null;
    }

    public string ResponseId { get; } = Guid.NewGuid().ToString("N");

    public int ReusedTokens { get; private set; }

    public int OutputTokens { get; private set; }

    public bool IsDone { get; private set; }

    public ChatFinishReason FinishReason { get; private set; } = ChatFinishReason.Length;

    /// <summary>Decodes the prompt in batches, after the longest prefix this context already holds in its KV cache.</summary>
    public void Prefill(CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<LLamaToken> prompt = _request.Prompt;

            // Always decode at least the last prompt token: its logits seed the first sample.
            ReusedTokens = _request.Options.ReusePromptPrefix ? Math.Min(_slot.CommonPrefixLength(prompt), prompt.Count - 1) : 0;
            _slot.TruncateCache(ReusedTokens);
            int batchSize = _request.Options.BatchSize;
            for (int start = ReusedTokens; start < prompt.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int end = Math.Min(start + batchSize, prompt.Count);
                _batch.Clear();
                for (int i = start; i < end; i++)
                {
                    _batch.Add(prompt[i], i, LLamaSeqId.Zero, logits: i == prompt.Count - 1);
                }

                Decode();
                for (int i = start; i < end; i++)
                {
                    _slot.CachedTokens.Add(prompt[i]);
                }
            }

            _position = prompt.Count;
            _sampler = _request.CreateSampler();
            _decoder = new StreamingTokenDecoder(_slot.Context);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>Samples one token and decodes it; returns the text that may be released now (possibly empty).</summary>
    public string Step(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            LLamaToken token = _sampler!.Sample(_handle, _batch.TokenCount - 1);
            _onTokenSampled();
            if (!_request.IgnoreEos && token.IsEndOfGeneration(_vocab))
            {
                return Finish(ChatFinishReason.Stop);
            }

            OutputTokens++;
            _decoder!.Add(token);
            string piece = _decoder.Read();
            bool stopped = false;
            string text = _stopsActive ? _stops.Append(piece, out stopped) : piece;
            if (stopped)
            {
                return text + Finish(ChatFinishReason.Stop, flush: false);
            }

            if (OutputTokens >= _request.MaxOutputTokens || _position >= _request.ContextSize)
            {
                return text + Finish(ChatFinishReason.Length);
            }

            _batch.Clear();
            _batch.Add(token, _position, LLamaSeqId.Zero, logits: true);
            Decode();
            _slot.CachedTokens.Add(token);
            _position++;
            return text;
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>
    /// Starts applying the stop sequences: to <paramref name="held"/> (text generated so far that the caller held back)
    /// and to every later step.
    /// </summary>
    /// <returns>The part of <paramref name="held"/> that may be released now.</returns>
    public string ActivateStopSequences(string held)
    {
        _stopsActive = true;
        string text = _stops.Append(held, out bool stopped);
        if (stopped)
        {
            if (!IsDone)
            {
                Finish(ChatFinishReason.Stop, flush: false);
            }

            FinishReason = ChatFinishReason.Stop;
        }
        else if (IsDone)
        {
            text += _stops.Flush();
        }

        return text;
    }

    public ChatResponseUpdate CreateFinalUpdate()
    {
        var final = new ChatResponseUpdate(ChatRole.Assistant, (string?)null)
        {
            ResponseId = ResponseId,
            MessageId = ResponseId,
            ModelId = _request.ModelId,
            FinishReason = FinishReason,
        };
        int prompt = _request.Prompt.Count;
        final.Contents.Add(new UsageContent(new UsageDetails
        {
            InputTokenCount = prompt,
            OutputTokenCount = OutputTokens,
            TotalTokenCount = prompt + OutputTokens,
            CachedInputTokenCount = ReusedTokens,
        }));
        return final;
    }

    /// <summary>Frees the sampler and returns the context to the pool (clearing its cache if a decode failed part-way).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sampler?.Dispose();
        if (_faulted)
        {
            _slot.TruncateCache(0);
        }

        _host.Release(_slot);
    }

    private string Finish(ChatFinishReason reason, bool flush = true)
    {
        FinishReason = reason;
        IsDone = true;
        return flush ? _stops.Flush() : string.Empty;
    }

    private void Decode()
    {
        DecodeResult result = _handle.Decode(_batch);
        if (result != DecodeResult.Ok)
        {
            throw new LLamaDecodeError(result);
        }
    }
}
