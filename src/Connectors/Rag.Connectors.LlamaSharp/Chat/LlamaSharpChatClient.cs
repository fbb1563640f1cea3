// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LLama.Native;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rag.Connectors.LlamaSharp.Tools;

namespace Rag.Connectors.LlamaSharp;

/// <summary>
/// An <see cref="IChatClient"/> over LLamaSharp: chat template, streaming, sampling options, usage, cancellation per
/// decoding step, JSON structured output and tool calling by grammar-constrained decoding (<see cref="ConstrainedDecodingPlan"/>).
/// </summary>
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

        // Schema and tool-mode errors surface here, before a context is taken.
        ToolPromptStyle style = _host.ToolStyle;
        ConstrainedDecodingPlan plan = ConstrainedDecodingPlan.Create(options, style, _host.GrammarOptions);
        LLamaToken[] prompt = _host.BuildPrompt(ChatPromptRenderer.Render(messages, options?.Instructions, plan, style, _host.SupportsRole, _host.ControlTokens.Quote));
        int contextSize = _host.ContextSize;
        if (prompt.Length >= contextSize)
        {
            throw new ContextWindowExceededException(prompt.Length, contextSize);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _host.ShutdownToken);
        CancellationToken token = linked.Token;
        ContextSlot slot = await _host.AcquireAsync(prompt, token).ConfigureAwait(false);
        var request = new GenerationRequest(prompt, options, _host.Options, contextSize, _host.ModelId, plan);
        using var session = new GenerationSession(_host, slot, request, () => Interlocked.Increment(ref _generatedTokens));
        Log.Generating(_logger, prompt.Length, request.MaxOutputTokens);
        if (plan.Grammar is not null)
        {
            Log.Constrained(_logger, plan.IsJson, plan.Functions.Count, style, plan.Grammar.Length);
        }

        var output = new ConstrainedOutput(plan);

        // Decoding runs on the consumer's thread, one step per update (no thread hop per token, no generation ahead of
        // the consumer), except on a synchronization context (UI), where each step is moved to the thread pool.
        if (MustOffload)
        {
            await Task.Run(() => session.Prefill(token), token).ConfigureAwait(false);
        }
        else
        {
            session.Prefill(token);
        }

        while (!session.IsDone)
        {
            string text = MustOffload ? await Task.Run(() => session.Step(token), token).ConfigureAwait(false) : session.Step(token);
            text = output.Append(text, session);
            if (text.Length > 0)
            {
                yield return request.Update(session.ResponseId, text);
            }
        }

        IList<AIContent>? held = output.Complete(session, request.MaxOutputTokens);
        ChatResponseUpdate final = session.CreateFinalUpdate();
        if (held is not null)
        {
            ChatResponseUpdate update = request.Update(session.ResponseId, string.Empty);
            update.Contents = held;
            if (held.Any(c => c is FunctionCallContent))
            {
                final.FinishReason = ChatFinishReason.ToolCalls;
            }

            yield return update;
        }

        Log.Generated(_logger, session.OutputTokens, session.ReusedTokens, final.FinishReason!.Value.Value);
        yield return final;
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

    private static bool MustOffload => SynchronizationContext.Current is not null || TaskScheduler.Current != TaskScheduler.Default;

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Debug, "Generating: {PromptTokens} prompt tokens, up to {MaxOutputTokens} output tokens.")]
        public static partial void Generating(ILogger logger, int promptTokens, int maxOutputTokens);

        [LoggerMessage(11, LogLevel.Debug, "Generated {OutputTokens} tokens ({ReusedTokens} prompt tokens reused from the KV cache); finish reason {FinishReason}.")]
        public static partial void Generated(ILogger logger, int outputTokens, int reusedTokens, string finishReason);

        [LoggerMessage(12, LogLevel.Debug, "Constrained decoding: JSON output {IsJson}, {FunctionCount} callable function(s), tool style {Style}, grammar of {GrammarLength} characters.")]
        public static partial void Constrained(ILogger logger, bool isJson, int functionCount, ToolPromptStyle style, int grammarLength);
    }
}
