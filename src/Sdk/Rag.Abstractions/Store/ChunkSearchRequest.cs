// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag;

/// <summary>A search over stored chunks: by vector, by keywords, or both (hybrid).</summary>
public sealed class ChunkSearchRequest
{
    /// <summary>Gets or sets the query embedding; when empty, the search is keyword-only.</summary>
    public ReadOnlyMemory<float> Vector { get; set; }

    /// <summary>Gets or sets the keyword query text; when <see langword="null"/> or blank, the search is vector-only.</summary>
    public string? Keywords { get; set; }

    /// <summary>Gets or sets how many results to return.</summary>
    /// <value>Defaults to 10.</value>
    public int Top { get; set; } = 10;

    /// <summary>Gets or sets the filter; <see langword="null"/> searches everything.</summary>
    public ChunkFilter? Filter { get; set; }

    /// <summary>Gets or sets how a hybrid search fuses its two lists.</summary>
    public HybridSearchSettings Hybrid { get; set; } = new();

    /// <summary>Gets or sets a value indicating whether results carry their embeddings.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool IncludeEmbeddings { get; set; }
}
