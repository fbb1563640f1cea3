// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Rag;

/// <summary>
/// An ensemble of embedding models that acts as one: each text is embedded by every part, each part's vector is
/// L2-normalised and scaled by the square root of its weight share, and the results are concatenated in part order.
/// </summary>
/// <remarks>
/// <para>
/// The combined vector has unit length and its cosine similarity is the weighted mean of the parts' cosines:
/// cos = Σ (wᵢ / Σw) · cosᵢ. A part that returns a zero vector contributes zeros (no NaN), and the result is then shorter
/// than unit length. The store and retrieval need no change: it is one embedding of the summed dimensions.
/// </para>
/// <para>
/// Every part receives the same inputs and the same <see cref="EmbeddingGenerationOptions"/>, so an
/// <see cref="EmbeddingPurpose"/> reaches each model and each applies its own query prefix. Parts run one after another:
/// local models are CPU-bound and already use every core. Each combined embedding carries the union of its parts'
/// <see cref="Embedding.AdditionalProperties"/> (an earlier part's value wins when two set the same key), so a flag such
/// as a part's truncation flag survives.
/// </para>
/// <para>Thread-safe when the parts are.</para>
/// </remarks>
public sealed class CombinedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const string ProviderName = "combined";

    private readonly IEmbeddingGenerator<string, Embedding<float>>[] _generators;
    private readonly double[] _shares;
    private readonly bool _equalWeights;
    private readonly bool _disposeParts;
    private readonly int[] _observedDimensions;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="CombinedEmbeddingGenerator"/> class.</summary>
    /// <param name="parts">The models and their weights, at least two; their vectors are concatenated in this order.</param>
    /// <param name="disposeParts"><see langword="true"/> to dispose the parts' generators when this generator is disposed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parts"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// There are fewer than two parts, or a part is <see langword="null"/>, has no generator, or has a weight that is not
    /// finite and greater than 0; the message names the part's index.
    /// </exception>
    public CombinedEmbeddingGenerator(IEnumerable<WeightedEmbeddingGenerator> parts, bool disposeParts = true)
    {
        ArgumentNullException.ThrowIfNull(parts);
        WeightedEmbeddingGenerator[] list = [.. parts];
        if (list.Length < 2)
        {
            throw new ArgumentException($"A combined embedding generator needs at least two parts; {list.Length} given.", nameof(parts));
        }

        for (int i = 0; i < list.Length; i++)
        {
            if (list[i]?.Generator is null)
            {
                throw new ArgumentException($"Part {i} has no embedding generator.", nameof(parts));
            }

            double weight = list[i].Weight;
            if (!double.IsFinite(weight) || weight <= 0)
            {
                throw new ArgumentException($"Part {i} has weight {weight.ToString(CultureInfo.InvariantCulture)}; weights must be finite and greater than 0.", nameof(parts));
            }
        }

        double total = list.Sum(p => p.Weight);
        _generators = [.. list.Select(p => p.Generator)];
        _shares = [.. list.Select(p => p.Weight / total)];
        _equalWeights = list.All(p => p.Weight == list[0].Weight);
        _disposeParts = disposeParts;
        _observedDimensions = new int[list.Length];
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The generator has been disposed.</exception>
    /// <exception cref="InvalidOperationException">
    /// A part returned a different number of embeddings than inputs, an empty vector, or vectors of a length other than
    /// it returned before; the message names the part's index and model id.
    /// </exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        IReadOnlyList<string> texts = values as IReadOnlyList<string> ?? [.. values];
        var parts = new GeneratedEmbeddings<Embedding<float>>[_generators.Length];
        int dimensions = 0;
        for (int p = 0; p < _generators.Length; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            parts[p] = await _generators[p].GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
            dimensions += CheckShape(p, parts[p], texts.Count);
        }

        string? modelId = GetModelId();
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count) { Usage = SumUsage(parts) };
        for (int i = 0; i < texts.Count; i++)
        {
            float[] vector = new float[dimensions];
            AdditionalPropertiesDictionary? properties = null;
            int offset = 0;
            for (int p = 0; p < parts.Length; p++)
            {
                Embedding<float> part = parts[p][i];
                AppendScaled(part.Vector.Span, Math.Sqrt(_shares[p]), vector.AsSpan(offset, part.Vector.Length));
                offset += part.Vector.Length;
                if (part.AdditionalProperties is { Count: > 0 } partProperties)
                {
                    properties ??= [];
                    foreach (KeyValuePair<string, object?> property in partProperties)
                    {
                        properties.TryAdd(property.Key, property.Value);
                    }
                }
            }

            result.Add(new Embedding<float>(vector) { ModelId = modelId, AdditionalProperties = properties });
        }

        return result;
    }

    /// <summary>
    /// Answers <see cref="EmbeddingModelInfo"/> (the parts' model ids joined by <c>+</c>, each followed by <c>*</c> and
    /// its weight share when the weights differ, for example <c>a*0.75+b*0.25</c>; the summed dimensions),
    /// <see cref="EmbeddingGeneratorMetadata"/> (the same id and dimensions), <see cref="ITokenCounter"/> (the part's
    /// with the smallest <see cref="ITokenCounter.MaxTokens"/>, so a chunk fits every model), <see cref="RelevanceCalibration"/>
    /// (the weighted mean of the parts' floors) and this generator's own type. Nothing else is forwarded to the parts.
    /// </summary>
    /// <param name="serviceType">The type of service requested.</param>
    /// <param name="serviceKey">A key for the service; any key answers <see langword="null"/>.</param>
    /// <returns>
    /// The service, or <see langword="null"/>; also <see langword="null"/> where a part lacks what the answer is made of
    /// (a model id or dimensions, a token counter, a calibration).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingModelInfo))
        {
            return GetModelId() is { } id && GetDimensions() is int dimensions ? new EmbeddingModelInfo(id, dimensions) : null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata(ProviderName, null, GetModelId(), GetDimensions())
            : serviceType == typeof(ITokenCounter) ? GetTokenCounter()
            : serviceType == typeof(RelevanceCalibration) ? GetCalibration()
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Disposes the parts' generators if this generator owns them.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _disposeParts)
        {
            foreach (IEmbeddingGenerator<string, Embedding<float>> generator in _generators)
            {
                generator.Dispose();
            }
        }
    }

    /// <summary>Writes <paramref name="source"/> L2-normalised and multiplied by <paramref name="scale"/>; a zero vector stays zeros.</summary>
    private static void AppendScaled(ReadOnlySpan<float> source, double scale, Span<float> destination)
    {
        double sumOfSquares = 0;
        foreach (float value in source)
        {
            sumOfSquares += (double)value * value;
        }

        if (sumOfSquares == 0)
        {
            return;
        }

        double factor = scale / Math.Sqrt(sumOfSquares);
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (float)(source[i] * factor);
        }
    }

    private static UsageDetails? SumUsage(GeneratedEmbeddings<Embedding<float>>[] parts)
    {
        UsageDetails? usage = null;
        foreach (GeneratedEmbeddings<Embedding<float>> part in parts)
        {
            if (part.Usage is { } partUsage)
            {
                usage ??= new UsageDetails();
                usage.Add(partUsage);
            }
        }

        return usage;
    }

    private static string? PartModelId(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        generator.GetService<EmbeddingModelInfo>()?.ModelId ?? generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId;

    /// <summary>Checks that part <paramref name="index"/> returned one vector per input, all of the length it returned before; returns that length.</summary>
    private int CheckShape(int index, GeneratedEmbeddings<Embedding<float>>? embeddings, int count)
    {
        if (embeddings is null || embeddings.Count != count)
        {
            throw new InvalidOperationException($"Embedding part {index} ({DescribePart(index)}) returned {embeddings?.Count ?? 0} embeddings for {count} inputs.");
        }

        if (count == 0)
        {
            return 0;
        }

        int dimensions = embeddings[0].Vector.Length;
        int expected = Interlocked.CompareExchange(ref _observedDimensions[index], dimensions, 0);
        expected = expected == 0 ? dimensions : expected;
        for (int i = 0; i < count; i++)
        {
            int length = embeddings[i].Vector.Length;
            if (length == 0 || length != expected)
            {
                throw new InvalidOperationException($"Embedding part {index} ({DescribePart(index)}) returned a {length}-dimensional vector for input {i}; it returns {expected}-dimensional vectors.");
            }
        }

        return dimensions;
    }

    private string DescribePart(int index) => PartModelId(_generators[index]) ?? "unknown model";

    private string? GetModelId()
    {
        var id = new StringBuilder();
        for (int p = 0; p < _generators.Length; p++)
        {
            if (PartModelId(_generators[p]) is not { } partId)
            {
                return null;
            }

            id.Append(p == 0 ? string.Empty : "+").Append(partId);
            if (!_equalWeights)
            {
                id.Append('*').Append(_shares[p].ToString("0.####", CultureInfo.InvariantCulture));
            }
        }

        return id.ToString();
    }

    private int? GetDimensions()
    {
        int total = 0;
        for (int p = 0; p < _generators.Length; p++)
        {
            int? dimensions = _generators[p].GetService<EmbeddingModelInfo>()?.Dimensions
                ?? _generators[p].GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions
                ?? (Volatile.Read(ref _observedDimensions[p]) is > 0 and int observed ? observed : null);
            if (dimensions is null)
            {
                return null;
            }

            total += dimensions.Value;
        }

        return total;
    }

    private ITokenCounter? GetTokenCounter()
    {
        ITokenCounter? smallest = null;
        foreach (IEmbeddingGenerator<string, Embedding<float>> generator in _generators)
        {
            if (generator.GetService<ITokenCounter>() is not { } counter)
            {
                return null;
            }

            if (smallest is null || counter.MaxTokens < smallest.MaxTokens)
            {
                smallest = counter;
            }
        }

        return smallest;
    }

    private RelevanceCalibration? GetCalibration()
    {
        double withKeywordMatch = 0;
        double withoutKeywordMatch = 0;
        for (int p = 0; p < _generators.Length; p++)
        {
            if (_generators[p].GetService<RelevanceCalibration>() is not { } calibration)
            {
                return null;
            }

            withKeywordMatch += _shares[p] * calibration.WithKeywordMatch;
            withoutKeywordMatch += _shares[p] * calibration.WithoutKeywordMatch;
        }

        return new RelevanceCalibration(withKeywordMatch, withoutKeywordMatch);
    }
}
