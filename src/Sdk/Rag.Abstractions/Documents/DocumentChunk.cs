// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag;

/// <summary>A retrievable piece of a document with everything needed to cite it exactly.</summary>
public sealed class DocumentChunk
{
    /// <summary>Gets the chunk's unique key (<c>{DocumentId}#{Index}</c>).</summary>
    public string Key => string.Concat(DocumentId, "#", Index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Gets the identifier of the document the chunk belongs to.</summary>
    public required string DocumentId { get; init; }

    /// <summary>Gets the 0-based position of the chunk in its document.</summary>
    public required int Index { get; init; }

    /// <summary>Gets the chunk text.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the document path, relative to the ingested folder, with '/' separators.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the document title, if known.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the headings enclosing the chunk's first block, outermost first.</summary>
    public IReadOnlyList<string> HeadingPath { get; init; } = [];

    /// <summary>Gets the 1-based page of the chunk's first block (PDF), if paginated.</summary>
    public int? PageNumber { get; init; }

    /// <summary>Gets the 1-based first source line, for line-oriented formats.</summary>
    public int? StartLine { get; init; }

    /// <summary>Gets the 1-based last source line, for line-oriented formats.</summary>
    public int? EndLine { get; init; }

    /// <summary>Gets the OCR confidence (0 to 1) of the chunk's first block when its text was recognised from an image; <see langword="null"/> for text read from the file.</summary>
    public double? OcrConfidence { get; init; }

    /// <summary>Gets the offset of the chunk's first character in the document's extracted text.</summary>
    public int StartOffset { get; init; }

    /// <summary>Gets the offset just past the chunk's last character in the document's extracted text.</summary>
    public int EndOffset { get; init; }

    /// <summary>Gets the SHA-256 (hex) of the chunk text.</summary>
    public required string ContentHash { get; init; }

    /// <summary>Gets the document's file type: its extension without the dot, lower case (for example <c>pdf</c>).</summary>
    public string FileType { get; init; } = string.Empty;

    /// <summary>Gets the tags of the document.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Gets the embedding of the chunk text; empty until embedded.</summary>
    public ReadOnlyMemory<float> Embedding { get; init; }
}
