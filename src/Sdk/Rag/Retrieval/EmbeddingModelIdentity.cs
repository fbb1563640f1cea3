// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Rag;

/// <summary>
/// The identity of an embedding generator's model, as an index stores it: ingestion binds the index to it, and queries
/// check the index against it, so vectors of two models never meet in one search.
/// </summary>
internal static class EmbeddingModelIdentity
{
    private static readonly EmbeddingGenerationOptions s_documentPurpose = ((EmbeddingGenerationOptions?)null).WithPurpose(EmbeddingPurpose.Document);

    /// <summary>Resolves the generator's model id and vector length (from its <see cref="EmbeddingGeneratorMetadata"/>); embeds a probe only when the length is neither reported nor known.</summary>
    /// <exception cref="InvalidOperationException">The generator reports no model id: an identity is always a real model id.</exception>
    /// <param name="generator">The embedding generator.</param>
    /// <param name="knownDimensions">The vector length when the caller already holds one of its vectors.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    public static async Task<EmbeddingModelInfo> ResolveAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator, int? knownDimensions, CancellationToken cancellationToken)
    {
        EmbeddingGeneratorMetadata? metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        int? dimensions = metadata?.DefaultModelDimensions ?? knownDimensions;
        if (dimensions is null)
        {
            GeneratedEmbeddings<Embedding<float>> probe = await generator.GenerateAsync(["dimension probe"], s_documentPurpose, cancellationToken).ConfigureAwait(false);
            dimensions = probe[0].Vector.Length;
        }

        if (string.IsNullOrWhiteSpace(metadata?.DefaultModelId))
        {
            throw new InvalidOperationException(
                $"The embedding generator {generator.GetType().FullName} reports no model id (EmbeddingGeneratorMetadata.DefaultModelId), so an index "
                + "could not tell its vectors from another model's. Set the model id on the generator (most clients take it as an option), or wrap it "
                + "in a DelegatingEmbeddingGenerator whose GetService returns an EmbeddingGeneratorMetadata with DefaultModelId set.");
        }

        return new EmbeddingModelInfo(metadata.DefaultModelId, dimensions.Value);
    }

    /// <summary>Throws when an index's stored model is not the configured one (model id, ordinal, and dimensions).</summary>
    /// <exception cref="EmbeddingModelMismatchException">The models differ.</exception>
    public static void ThrowIfMismatch(EmbeddingModelInfo stored, EmbeddingModelInfo configured)
    {
        if (stored != configured)
        {
            throw new EmbeddingModelMismatchException(stored, configured);
        }
    }
}
