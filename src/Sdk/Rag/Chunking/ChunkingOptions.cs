// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag;

/// <summary>Options of the <see cref="DocumentChunker"/>.</summary>
/// <remarks>Checked by <see cref="Validate"/> when a chunker is created.</remarks>
public sealed class ChunkingOptions
{
    /// <summary>Gets or sets the largest chunk, in the embedding model's own tokens.</summary>
    /// <value>Defaults to 256. The effective budget never exceeds the model's <see cref="ITokenCounter.MaxTokens"/> less 2 special tokens.</value>
    public int MaxTokens { get; set; } = 256;

    /// <summary>Gets or sets the share of a chunk's budget repeated at the start of the next chunk when a paragraph is split across chunks.</summary>
    /// <value>Defaults to 0.15 (about 15%). Zero disables overlap. Chunks never overlap across sections or between whole paragraphs.</value>
    public double OverlapRatio { get; set; } = 0.15;

    /// <summary>Throws when an option is out of range, naming it and its allowed range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="MaxTokens"/> is under 8, or <see cref="OverlapRatio"/> outside [0, 0.5].</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTokens, 8, nameof(MaxTokens));
        if (OverlapRatio is < 0 or > 0.5 || double.IsNaN(OverlapRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(OverlapRatio), OverlapRatio, "OverlapRatio must be in [0, 0.5].");
        }
    }
}
