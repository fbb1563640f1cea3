// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag;

/// <summary>The text and structure a <see cref="IDocumentReader"/> extracted from one file.</summary>
public sealed class ExtractedDocument
{
    /// <summary>Gets the document title (first heading, metadata title, or file name); <see langword="null"/> when none is known.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the blocks of the document in reading order.</summary>
    public required IReadOnlyList<DocumentBlock> Blocks { get; init; }

    /// <summary>Gets what the reader had to repair to read the file (for example invalid bytes replaced); empty when nothing.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
