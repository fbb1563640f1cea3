// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Rag.Connectors.VectorData;

/// <summary>
/// The rules every SQL vector store collection applies alike: the key types it accepts, the embedding model recorded
/// with a collection, and how a score passes a threshold. Shared source: compiled into every SQL vector store connector.
/// </summary>
internal static class CollectionRules
{
    /// <summary>Throws unless <paramref name="keyType"/> is <see cref="string"/>, <see cref="Guid"/> or <see cref="long"/> (any type for dynamic collections).</summary>
    public static void ValidateKeyType(Type keyType, bool dynamic, string storeName)
    {
        if (!dynamic && keyType != typeof(string) && keyType != typeof(Guid) && keyType != typeof(long))
        {
            throw new NotSupportedException($"Key type '{keyType}' is not supported by the {storeName} connector; use string, Guid or long.");
        }
    }

    /// <summary>The embedding model identity recorded with a collection: the configured one, else the generator's model id.</summary>
    public static string? ModelId(string? configured, VectorPropertyModel? vector) =>
        configured ?? (vector?.EmbeddingGenerator?.GetService(typeof(EmbeddingGeneratorMetadata)) as EmbeddingGeneratorMetadata)?.DefaultModelId;

    /// <summary>Throws <see cref="EmbeddingModelMismatchException"/> when a stored collection was created with another model or dimension.</summary>
    /// <param name="stored">The recorded model (its id may be <see langword="null"/> when none was known).</param>
    /// <param name="requested">The model the caller opens it with.</param>
    /// <param name="data">Where the collection lives, added to the exception's <see cref="Exception.Data"/>.</param>
    public static void ThrowIfModelMismatch((string? ModelId, int Dimensions) stored, (string? ModelId, int Dimensions) requested, params (string Key, object Value)[] data)
    {
        if (stored.Dimensions == requested.Dimensions
            && (stored.ModelId is null || requested.ModelId is null || string.Equals(stored.ModelId, requested.ModelId, StringComparison.Ordinal)))
        {
            return;
        }

        var mismatch = new EmbeddingModelMismatchException(
            new EmbeddingModelInfo(stored.ModelId ?? "unspecified", stored.Dimensions),
            new EmbeddingModelInfo(requested.ModelId ?? stored.ModelId ?? "unspecified", requested.Dimensions));
        IDictionary details = mismatch.Data;
        foreach ((string key, object value) in data)
        {
            details[key] = value;
        }

        throw mismatch;
    }

    /// <summary>Whether a vector search score passes a threshold: at most it for distances, at least it for similarities.</summary>
    public static bool PassesThreshold(string? distanceFunction, double score, double threshold) =>
        distanceFunction is DistanceFunction.CosineDistance or DistanceFunction.EuclideanDistance ? score <= threshold : score >= threshold;
}
