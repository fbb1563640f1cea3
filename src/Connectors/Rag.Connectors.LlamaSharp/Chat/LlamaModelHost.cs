// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rag.Connectors.LlamaSharp.Grammars;
using Rag.Connectors.LlamaSharp.Tools;

namespace Rag.Connectors.LlamaSharp;

/// <summary>
/// Owns the model weights (loaded once, lazily) and a bounded pool of contexts over them. Requests wait for a context
/// in FIFO order; a cancelled waiter leaves the queue; a full queue rejects at once.
/// </summary>
/// <remarks>
/// Publishes the pool's state on the <see cref="MeterName"/> meter: <c>rag.llamasharp.contexts.in_use</c> (contexts held
/// by a running request) and <c>rag.llamasharp.contexts.live</c> (contexts allocated, idle or busy), tagged with the model id.
/// </remarks>
internal sealed partial class LlamaModelHost : IDisposable
{
    /// <summary>The name of the <see cref="Meter"/> that reports the context pool.</summary>
    public const string MeterName = "Rag.Connectors.LlamaSharp";

    private const int DefaultContextCap = 4096;

    private readonly LlamaSharpChatOptions _options;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Lock _loadLock = new();
    private readonly Lock _poolLock = new();
    private readonly List<ContextSlot> _freeSlots = [];
    private readonly List<ContextSlot> _allSlots = [];
    private readonly SemaphoreSlim _slots;
    private readonly Meter _meter = new(MeterName);
    private readonly CancellationTokenSource _shutdown = new(); // never disposed: late callers may still link to it; it holds no timer
    private LLamaWeights? _weights;
    private ModelParams? _modelParams;
    private GgufModelInfo? _info;
    private string? _templateName;
    private TemplateControlTokens? _controlTokens;
    private readonly ConcurrentDictionary<string, bool> _roles = new(StringComparer.Ordinal);
    private int _contextSize;
    private ToolPromptStyle _toolStyle;
    private int _queued;
    private int _disposed;

    public LlamaModelHost(LlamaSharpChatOptions options, ILoggerFactory? loggerFactory)
    {
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<LlamaModelHost>();
        _slots = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
        ModelPath = Path.GetFullPath(options.ModelPath!);
        ModelId = options.ModelId ?? Path.GetFileNameWithoutExtension(ModelPath);
        GrammarOptions = new JsonGrammarOptions
        {
            MaxStringLength = options.StructuredOutputMaxStringLength,
            MaxArrayItems = options.StructuredOutputMaxArrayItems,
        };
        var model = new KeyValuePair<string, object?>("rag.model", ModelId);
        _meter.CreateObservableUpDownCounter("rag.llamasharp.contexts.in_use", () => new Measurement<int>(InUseContextCount, model), "{context}", "Contexts held by a running request.");
        _meter.CreateObservableUpDownCounter("rag.llamasharp.contexts.live", () => new Measurement<int>(LiveContextCount, model), "{context}", "Contexts allocated, idle or busy.");
    }

    /// <summary>Gets the bounds of the JSON grammars (structured output and tool-call arguments).</summary>
    public JsonGrammarOptions GrammarOptions { get; }

    /// <summary>Gets the tool prompt style: the configured one, or the one detected from the model id and chat template.</summary>
    public ToolPromptStyle ToolStyle
    {
        get
        {
            EnsureLoaded();
            return _toolStyle;
        }
    }

    public string ModelPath { get; }

    public string ModelId { get; }

    public LlamaSharpChatOptions Options => _options;

    public CancellationToken ShutdownToken => _shutdown.Token;

    public bool IsLoaded => Volatile.Read(ref _weights) is not null;

    /// <summary>Gets the loaded weights (test and benchmark access).</summary>
    internal LLamaWeights? Weights => _weights;

    /// <summary>Gets the number of contexts not yet freed (tests).</summary>
    internal int LiveContextCount
    {
        get
        {
            lock (_poolLock)
            {
                return _allSlots.Count;
            }
        }
    }

    /// <summary>Gets the number of contexts held by a running request.</summary>
    internal int InUseContextCount
    {
        get
        {
            lock (_poolLock)
            {
                return _allSlots.Count - _freeSlots.Count;
            }
        }
    }

    public int ContextSize
    {
        get
        {
            EnsureLoaded();
            return _contextSize;
        }
    }

    public LLamaWeights EnsureLoaded()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _weights) is { } loaded)
        {
            return loaded;
        }

        lock (_loadLock)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (_weights is not null)
            {
                return _weights;
            }

            // Managed checks first: a bad file must never reach native code.
            GgufModelInfo info = GgufModelValidator.Validate(ModelPath);
            int contextSize = _options.ContextSize ?? Math.Min(info.ContextLength ?? DefaultContextCap, DefaultContextCap);
            var parameters = new ModelParams(ModelPath)
            {
                ContextSize = (uint)contextSize,
                BatchSize = (uint)_options.BatchSize,
                UBatchSize = (uint)_options.BatchSize,
                GpuLayerCount = _options.GpuLayerCount,
                SeqMax = 1,
            };
            if (_options.Threads is int threads)
            {
                parameters.Threads = threads;
                parameters.BatchThreads = threads;
            }

            NativeLogConfig.llama_log_set(_loggerFactory.CreateLogger("LLama.Native"));
            LLamaWeights weights;
            try
            {
                weights = LLamaWeights.LoadFromFile(parameters);
            }
            catch (LoadWeightsFailedException e)
            {
                throw new InvalidModelFileException(ModelPath, "llama.cpp failed to load it", e);
            }

            _info = info;
            _modelParams = parameters;
            _contextSize = contextSize;
            _templateName = ChooseTemplate(weights, info);
            string sample = TemplateSample(weights, _templateName);
            _toolStyle = _options.ToolPromptStyle ?? ToolPromptFormatter.DetectStyle(ModelId, sample);
            _controlTokens = TemplateControlTokens.Read(weights, string.Concat(info.ChatTemplate, "\n", sample));
            Log.ModelLoaded(_logger, ModelPath, info.Architecture, contextSize, _templateName ?? "model's own", _options.MaxConcurrentRequests);
            Volatile.Write(ref _weights, weights);
            return weights;
        }
    }

    public async ValueTask EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (!IsLoaded)
        {
            await Task.Run(EnsureLoaded, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets the model's control tokens, read from its vocabulary; message text is quoted through them.</summary>
    public TemplateControlTokens ControlTokens
    {
        get
        {
            EnsureLoaded();
            return _controlTokens!;
        }
    }

    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? 0 : EnsureLoaded().Tokenize(text, add_bos: false, special: false, Encoding.UTF8).Length;
    }

    /// <summary>
    /// Applies the chat template and tokenizes the result: the template's markers as control tokens, the messages' text
    /// without control tokens and with special-token parsing off; BOS added once if the model wants it.
    /// </summary>
    public LLamaToken[] BuildPrompt(IEnumerable<ChatMessage> messages, string? instructions) =>
        BuildPrompt(ChatPromptRenderer.Render(messages, instructions, ConstrainedDecodingPlan.Unconstrained, ToolStyle, SupportsRole, ControlTokens.Quote));

    /// <summary>
    /// Applies the chat template to rendered (role, text) turns and tokenizes the result; text quoted with
    /// <see cref="TemplateControlTokens.Quote"/> is tokenized with special-token parsing off.
    /// </summary>
    public LLamaToken[] BuildPrompt(IReadOnlyList<(string Role, string Content)> turns)
    {
        LLamaWeights weights = EnsureLoaded();
        LLamaTemplate template = CreateTemplate(weights, _templateName);
        foreach ((string role, string content) in turns)
        {
            template.Add(role, content);
        }

        template.AddAssistant = true;
        string text = Encoding.UTF8.GetString(template.Apply());
        Log.Prompt(_logger, PromptTokenizer.Plain(text));
        List<LLamaToken> tokens = PromptTokenizer.Tokenize(weights, text, ControlTokens, weights.Vocab.ShouldAddBOS);
        if (tokens.Count >= 2 && weights.Vocab.BOS is LLamaToken bos && tokens[0] == bos && tokens[1] == bos)
        {
            tokens.RemoveAt(0); // the template already wrote BOS
        }

        return [.. tokens];
    }

    /// <summary>
    /// Tells whether the chat template renders <paramref name="role"/> as a role of its own (for example <c>tool</c> or
    /// <c>ipython</c>), probing it once: a template that drops the message, renames the role or rejects it does not.
    /// </summary>
    public bool SupportsRole(string role) => _roles.GetOrAdd(role, static (r, host) => host.ProbeRole(r), this);

    /// <summary>Waits (FIFO) for a free context and picks the free one whose cache shares the longest prefix with the prompt.</summary>
    public async ValueTask<ContextSlot> AcquireAsync(IReadOnlyList<LLamaToken> prompt, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_slots.Wait(0))
        {
            if (Interlocked.Increment(ref _queued) > _options.MaxQueuedRequests)
            {
                Interlocked.Decrement(ref _queued);
                throw new ChatModelBusyException(_options.MaxConcurrentRequests, _options.MaxQueuedRequests);
            }

            try
            {
                Log.RequestQueued(_logger, Volatile.Read(ref _queued));
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _queued);
            }
        }

        try
        {
            lock (_poolLock)
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
                if (_freeSlots.Count == 0)
                {
                    var slot = new ContextSlot(_weights!.CreateContext(_modelParams!, _loggerFactory.CreateLogger<LLamaContext>()));
                    _allSlots.Add(slot);
                    return slot;
                }

                ContextSlot best = _options.ReusePromptPrefix
                    ? _freeSlots.MaxBy(s => s.CommonPrefixLength(prompt))!
                    : _freeSlots[^1];
                _freeSlots.Remove(best);
                return best;
            }
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Returns a context to the pool; after disposal the context is freed instead.</summary>
    public void Release(ContextSlot slot)
    {
        lock (_poolLock)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                _allSlots.Remove(slot);
                slot.Dispose();
            }
            else
            {
                _freeSlots.Add(slot);
            }
        }

        _slots.Release();
    }

    /// <summary>
    /// Cancels running and waiting requests (a running one stops at its next decoding step) and frees the weights and
    /// every idle context; a context still held by a request is freed when that request ends. The native model memory
    /// is released once the last context is gone (llama.cpp reference-counts it).
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _shutdown.Cancel();
        _meter.Dispose();
        lock (_loadLock)
        {
            lock (_poolLock)
            {
                foreach (ContextSlot slot in _freeSlots)
                {
                    _allSlots.Remove(slot);
                    slot.Dispose();
                }

                _freeSlots.Clear();
            }

            _weights?.Dispose();
        }
    }

    private static LLamaTemplate CreateTemplate(LLamaWeights weights, string? templateName) =>
        templateName is null ? new LLamaTemplate(weights, strict: true) : new LLamaTemplate(templateName);

    /// <summary>Renders a short conversation with the chosen template: its markers identify the model family.</summary>
    private static string TemplateSample(LLamaWeights weights, string? templateName)
    {
        try
        {
            LLamaTemplate template = CreateTemplate(weights, templateName);
            template.Add("system", "s");
            template.Add("user", "u");
            template.AddAssistant = true;
            return Encoding.UTF8.GetString(template.Apply());
        }
        catch (Exception e) when (e is TemplateNotFoundException or MissingTemplateException or RuntimeError or ArgumentException or InvalidOperationException)
        {
            return string.Empty;
        }
    }

    private bool ProbeRole(string role)
    {
        const string Marker = "rag-role-probe";
        try
        {
            LLamaTemplate template = CreateTemplate(EnsureLoaded(), _templateName);
            template.Add("user", "u");
            template.Add(role, Marker);
            string text = Encoding.UTF8.GetString(template.Apply());
            return text.Contains(Marker, StringComparison.Ordinal) && text.Contains(role, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is TemplateNotFoundException or MissingTemplateException or RuntimeError or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private string? ChooseTemplate(LLamaWeights weights, GgufModelInfo info)
    {
        if (!string.IsNullOrWhiteSpace(_options.ChatTemplate))
        {
            return _options.ChatTemplate;
        }

        if (info.ChatTemplate is not null)
        {
            try
            {
                // llama.cpp recognises a fixed set of templates; probe that the model's one is among them.
                var probe = new LLamaTemplate(weights, strict: true) { AddAssistant = true };
                probe.Add("system", "s");
                probe.Add("user", "u");
                _ = probe.Apply();
                return null;
            }
            catch (Exception e) when (e is TemplateNotFoundException or MissingTemplateException or RuntimeError or ArgumentException or InvalidOperationException)
            {
                Log.TemplateNotRecognised(_logger, ModelPath, _options.FallbackChatTemplate, e);
                return _options.FallbackChatTemplate;
            }
        }

        Log.NoTemplate(_logger, ModelPath, _options.FallbackChatTemplate);
        return _options.FallbackChatTemplate;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Loaded model {ModelPath} ({Architecture}); context {ContextSize} tokens; chat template: {Template}; up to {Concurrency} concurrent request(s).")]
        public static partial void ModelLoaded(ILogger logger, string modelPath, string architecture, int contextSize, string template, int concurrency);

        [LoggerMessage(2, LogLevel.Warning, "The model {ModelPath} has no chat template; using the built-in '{Fallback}' template.")]
        public static partial void NoTemplate(ILogger logger, string modelPath, string fallback);

        [LoggerMessage(3, LogLevel.Warning, "The chat template of {ModelPath} is not one llama.cpp recognises; using the built-in '{Fallback}' template.")]
        public static partial void TemplateNotRecognised(ILogger logger, string modelPath, string fallback, Exception exception);

        // Sensitive: the prompt holds user and document text, so it is logged at Trace only.
        [LoggerMessage(6, LogLevel.Trace, "Prompt after the chat template: {Prompt}")]
        public static partial void Prompt(ILogger logger, string prompt);

        [LoggerMessage(4, LogLevel.Debug, "All contexts busy; request queued ({Queued} waiting).")]
        public static partial void RequestQueued(ILogger logger, int queued);
    }
}
