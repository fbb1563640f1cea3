// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag.Connectors.Store;

/// <summary>The checks every knowledge store makes on a document's chunks before writing anything.</summary>
internal static class ChunkRules
{
    /// <summary>
    /// Throws unless each chunk belongs to <paramref name="document"/> and its embedding, if any, has the dimensions of
    /// <paramref name="model"/> (the store's model; <see langword="null"/> while the store named <paramref name="store"/> is unbound).
    /// </summary>
    public static void Require(DocumentRecord document, IReadOnlyList<DocumentChunk> chunks, EmbeddingModelInfo? model, string store)
    {
        foreach (DocumentChunk chunk in chunks)
        {
            if (!string.Equals(chunk.DocumentId, document.Id, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Chunk '{chunk.Key}' belongs to document '{chunk.DocumentId}', not '{document.Id}'.", nameof(chunks));
            }

            if (!chunk.Embedding.IsEmpty)
            {
                if (model is null)
                {
                    throw new InvalidOperationException($"The knowledge store '{store}' is not bound to an embedding model; call InitializeAsync first.");
                }

                if (chunk.Embedding.Length != model.Dimensions)
                {
                    throw new ArgumentException($"Chunk '{chunk.Key}' has a {chunk.Embedding.Length}-dimensional embedding; the store holds {model.Dimensions}-dimensional vectors of '{model.ModelId}'.", nameof(chunks));
                }
            }
        }
    }
}
