// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rag.Connectors.Onnx;

/// <summary>An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over a BERT-style ONNX encoder.</summary>
/// <remarks>
/// Thread-safe. The vocabulary loads on the first token count or embedding, the model on the first embedding; both
/// once, whichever thread gets there first. Work is CPU-bound and runs on the calling thread; cancellation is checked
/// between batches and also aborts a running batch.
/// </remarks>
internal sealed partial class BertOnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>, ITokenCounter
{
    /// <summary>The share of a batch's padded tokens that may be padding before a new batch starts.</summary>
    private const double MaxPaddingWaste = 0.04;

    private readonly EmbeddingModelDefinition _definition;
    private readonly OnnxEmbeddingGeneratorOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<BertInputEncoder> _encoder;
    private readonly Lazy<BertOnnxSession> _session;
    private int _disposed;

    public BertOnnxEmbeddingGenerator(EmbeddingModelDefinition definition, OnnxEmbeddingGeneratorOptions options, ILogger? logger)
    {
        _definition = definition;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _encoder = new(() => new BertInputEncoder(_definition, _options.LowerCase), LazyThreadSafetyMode.ExecutionAndPublication);
        _session = new(LoadSession, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc/>
    public int MaxTokens => Encoder.MaxTextTokens;

    /// <summary>Gets the model identity and dimensions; loads the model for a custom one whose dimensions are not yet known.</summary>
    public EmbeddingModelInfo Model => new(_definition.ModelId, _definition.Dimensions ?? Session.Dimensions);

    /// <summary>Gets a value indicating whether the ONNX model has been loaded (it loads on the first embedding).</summary>
    internal bool IsModelLoaded => _session.IsValueCreated;

    internal BertInputEncoder Encoder
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return _encoder.Value;
        }
    }

    private BertOnnxSession Session
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return _session.Value;
        }
    }

    /// <inheritdoc/>
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encoder.CountTokens(text);
    }

    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        IReadOnlyList<string> texts = values as IReadOnlyList<string> ?? [.. values];
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentNullException(nameof(values), $"The text at index {i} is null.");
            }

            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                throw new ArgumentException($"The text at index {i} is empty or whitespace only: there is nothing to embed.", nameof(values));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Generate(texts, options.GetPurpose(), cancellationToken));
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            EmbeddingModelInfo model = Model;
            return new EmbeddingGeneratorMetadata("onnx", _definition.BuiltIn is null ? new Uri(_definition.ModelPath) : null, model.ModelId, model.Dimensions);
        }

        return serviceType == typeof(EmbeddingModelInfo) ? Model
            : serviceType == typeof(RelevanceCalibration) ? _definition.Calibration
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _session.IsValueCreated)
        {
            _session.Value.Dispose();
        }
    }

    private GeneratedEmbeddings<Embedding<float>> Generate(IReadOnlyList<string> texts, EmbeddingPurpose purpose, CancellationToken cancellationToken)
    {
        BertInputEncoder encoder = Encoder;
        BertOnnxSession session = Session;
        int count = texts.Count;
        int[][] inputs = new int[count][];
        float[][] vectors = new float[count][];
        var results = new Embedding<float>[count];
        long tokenTotal = 0;
        for (int i = 0; i < count; i++)
        {
            inputs[i] = encoder.Encode(texts[i], purpose, out int textTokens, out bool truncated);
            vectors[i] = new float[session.Dimensions];
            results[i] = new Embedding<float>(vectors[i]) { ModelId = _definition.ModelId };
            tokenTotal += inputs[i].Length;
            if (truncated)
            {
                results[i].AdditionalProperties = new()
                {
                    [OnnxEmbeddingProperties.Truncated] = true,
                    [OnnxEmbeddingProperties.InputTokenCount] = textTokens,
                };
                LogTruncated(_logger, i, textTokens, encoder.MaxSequenceLength, _definition.ModelId);
            }
        }

        // Sort by length so each batch pads only to its own longest input (stable: equal lengths keep their order).
        int[] order = [.. Enumerable.Range(0, count).OrderBy(i => inputs[i].Length)];
        for (int start = 0; start < count;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int size = NextBatchSize(inputs, order, start, _options.MaxBatchSize);
            ArraySegment<int> slice = new(order, start, size);
            // The batches of one call reuse the arena; the last (the longest, by the sort) hands its memory back.
            session.Run([.. slice.Select(i => inputs[i])], [.. slice.Select(i => vectors[i])], releaseMemory: start + size == count, cancellationToken);
            start += size;
        }

        return new GeneratedEmbeddings<Embedding<float>>(results)
        {
            Usage = new UsageDetails { InputTokenCount = tokenTotal, TotalTokenCount = tokenTotal },
        };
    }

    /// <summary>
    /// Takes inputs (sorted by length) into a batch while padding would waste at most <see cref="MaxPaddingWaste"/> of
    /// the batch's compute, up to <paramref name="maxBatchSize"/>: cost grows with padded tokens, so a batch of 32
    /// mixed lengths runs faster as a few batches of similar lengths.
    /// </summary>
    internal static int NextBatchSize(int[][] inputs, int[] order, int start, int maxBatchSize)
    {
        int size = 1;
        long tokens = inputs[order[start]].Length;
        while (size < maxBatchSize && start + size < order.Length)
        {
            int next = inputs[order[start + size]].Length;
            long padded = (long)next * (size + 1);
            if (padded - (tokens + next) > padded * MaxPaddingWaste)
            {
                break;
            }

            tokens += next;
            size++;
        }

        return size;
    }

    private BertOnnxSession LoadSession()
    {
        long started = Stopwatch.GetTimestamp();
        var session = new BertOnnxSession(_definition, _definition.Pooling, _options.Normalize, _options.IntraOpNumThreads);
        LogModelLoaded(_logger, _definition.ModelId, _definition.Source, session.Dimensions, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return session;
    }

    [LoggerMessage(1, LogLevel.Information, "Loaded embedding model {ModelId} from {Source} ({Dimensions} dimensions) in {ElapsedMilliseconds:F0} ms.")]
    private static partial void LogModelLoaded(ILogger logger, string modelId, string source, int dimensions, double elapsedMilliseconds);

    [LoggerMessage(2, LogLevel.Warning, "Embedding input {Index} has {TokenCount} tokens, more than {ModelId} reads ({MaxSequenceLength} with special tokens and prefix): only its leading tokens are embedded.")]
    private static partial void LogTruncated(ILogger logger, int index, int tokenCount, int maxSequenceLength, string modelId);
}
