// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag;

/// <summary>Thrown when an index built with one embedding model is opened with another; re-embed the index to switch models.</summary>
public sealed class EmbeddingModelMismatchException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="EmbeddingModelMismatchException"/> class.</summary>
    /// <param name="stored">The model the index was built with.</param>
    /// <param name="requested">The model now configured.</param>
    public EmbeddingModelMismatchException(EmbeddingModelInfo stored, EmbeddingModelInfo requested)
        : base($"The index was built with embedding model '{stored.ModelId}' ({stored.Dimensions} dimensions) but '{requested.ModelId}' ({requested.Dimensions} dimensions) is configured. Re-embed the index (a full re-index with the new model) or configure the original model.")
    {
        Stored = stored;
        Requested = requested;
    }

    /// <summary>Gets the model the index was built with.</summary>
    public EmbeddingModelInfo Stored { get; }

    /// <summary>Gets the model now configured.</summary>
    public EmbeddingModelInfo Requested { get; }
}
