// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>How far the embedding of one document's chunks has got, reported after each embedding batch of a large document.</summary>
public sealed record DocumentEmbeddingProgress
{
    /// <summary>Gets the number of chunks the document was split into.</summary>
    public int Chunks { get; init; }

    /// <summary>Gets the number of those chunks embedded so far.</summary>
    public int ChunksEmbedded { get; init; }
}
