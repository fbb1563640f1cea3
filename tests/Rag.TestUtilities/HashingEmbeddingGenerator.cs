// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.TestUtilities;

/// <summary>
/// A deterministic stand-in embedding model for unit tests: each lower-cased word is hashed into one of
/// <see cref="Dimensions"/> buckets and the vector is L2-normalised, so texts sharing words are similar.
/// Also counts tokens as whitespace-separated words. Real-model behaviour is tested with the ONNX connector.
/// </summary>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>, ITokenCounter
{
    /// <summary>Gets the vector length.</summary>
    public int Dimensions { get; init; } = 64;

    /// <summary>Gets the token limit reported through <see cref="ITokenCounter"/>.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>Gets how many texts were embedded so far.</summary>
    public int EmbeddedCount { get; private set; }

    /// <summary>Gets the model identity reported in metadata.</summary>
    public EmbeddingModelInfo Model => new("test-hashing", Dimensions);

    public int CountTokens(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            result.Add(new Embedding<float>(Embed(value)) { ModelId = Model.ModelId });
            EmbeddedCount++;
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", null, Model.ModelId, Dimensions)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private float[] Embed(string text)
    {
        float[] vector = new float[Dimensions];
        foreach (string word in text.ToLowerInvariant().Split([' ', '\n', '\t', '.', ',', '?', '!', ';', ':', '(', ')', '"'], StringSplitOptions.RemoveEmptyEntries))
        {
            uint hash = 2166136261;
            foreach (char c in word)
            {
                hash = (hash ^ c) * 16777619;
            }

            vector[hash % (uint)Dimensions] += 1;
        }

        float norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (int i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }
}
