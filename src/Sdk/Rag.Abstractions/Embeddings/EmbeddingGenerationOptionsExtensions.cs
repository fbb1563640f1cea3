// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag;

/// <summary>Carries an <see cref="EmbeddingPurpose"/> through <see cref="EmbeddingGenerationOptions"/>, so any generator can honour it.</summary>
public static class EmbeddingGenerationOptionsExtensions
{
    /// <summary>The key under which the purpose is stored in <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>.</summary>
    public const string PurposePropertyName = "rag.embedding_purpose";

    /// <summary>Returns options (a copy of <paramref name="options"/>, or new ones) that ask for embeddings of the given purpose.</summary>
    /// <param name="options">Options to copy; may be <see langword="null"/>.</param>
    /// <param name="purpose">What the texts are embedded for.</param>
    /// <returns>Options carrying the purpose.</returns>
    public static EmbeddingGenerationOptions WithPurpose(this EmbeddingGenerationOptions? options, EmbeddingPurpose purpose)
    {
        EmbeddingGenerationOptions result = options?.Clone() ?? new EmbeddingGenerationOptions();
        result.AdditionalProperties ??= [];
        result.AdditionalProperties[PurposePropertyName] = purpose;
        return result;
    }

    /// <summary>Reads the purpose carried by <paramref name="options"/>; <see cref="EmbeddingPurpose.Document"/> when none is set.</summary>
    /// <param name="options">The options; may be <see langword="null"/>.</param>
    /// <returns>The requested purpose.</returns>
    public static EmbeddingPurpose GetPurpose(this EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PurposePropertyName, out object? value) == true && value is EmbeddingPurpose purpose
            ? purpose
            : EmbeddingPurpose.Document;
}
