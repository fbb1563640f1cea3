// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag;

/// <summary>Restricts a search to some documents. All set conditions must hold.</summary>
public sealed class ChunkFilter
{
    /// <summary>Gets or sets a path prefix (relative, '/' separators) the document path must start with.</summary>
    public string? PathPrefix { get; set; }

    /// <summary>Gets or sets the allowed file types (extensions without the dot); any when empty.</summary>
    public IReadOnlyList<string> FileTypes { get; set; } = [];

    /// <summary>Gets or sets tags of which the document must carry at least one; any when empty.</summary>
    public IReadOnlyList<string> Tags { get; set; } = [];

    /// <summary>Gets or sets document identifiers to search within; any when empty.</summary>
    public IReadOnlyList<string> DocumentIds { get; set; } = [];
}
