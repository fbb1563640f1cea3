// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag;

/// <summary>Options of the <see cref="DocumentChunker"/>.</summary>
public sealed class ChunkingOptions
{
    private int _maxTokens = 256;
    private double _overlapRatio = 0.15;

    /// <summary>Gets or sets the largest chunk, in the embedding model's own tokens.</summary>
    /// <value>Defaults to 256. The effective budget never exceeds the model's <see cref="ITokenCounter.MaxTokens"/> less 2 special tokens.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 8.</exception>
    public int MaxTokens
    {
        get => _maxTokens;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 8);
            _maxTokens = value;
        }
    }

    /// <summary>Gets or sets the share of a chunk's budget repeated at the start of the next chunk when a paragraph is split across chunks.</summary>
    /// <value>Defaults to 0.15 (about 15%). Zero disables overlap. Chunks never overlap across sections or between whole paragraphs.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above 0.5.</exception>
    public double OverlapRatio
    {
        get => _overlapRatio;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 0.5);
            _overlapRatio = value;
        }
    }
}
