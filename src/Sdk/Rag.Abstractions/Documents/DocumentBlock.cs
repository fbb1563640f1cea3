// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag;

/// <summary>One structural unit of an extracted document: a paragraph, heading, list item, table row or code block.</summary>
public sealed class DocumentBlock
{
    /// <summary>Gets the block's text, normalised to '\n' line breaks.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the structural role of the block.</summary>
    /// <value>Defaults to <see cref="DocumentBlockKind.Paragraph"/>.</value>
    public DocumentBlockKind Kind { get; init; }

    /// <summary>Gets the headings enclosing the block, outermost first; empty when the document has none.</summary>
    public IReadOnlyList<string> HeadingPath { get; init; } = [];

    /// <summary>Gets the 1-based page number for paginated formats (PDF); otherwise <see langword="null"/>.</summary>
    public int? PageNumber { get; init; }

    /// <summary>Gets the 1-based first line of the block in the source file for line-oriented formats; otherwise <see langword="null"/>.</summary>
    public int? StartLine { get; init; }

    /// <summary>Gets the 1-based last line of the block in the source file for line-oriented formats; otherwise <see langword="null"/>.</summary>
    public int? EndLine { get; init; }

    /// <summary>Gets the OCR confidence of the block's page, from 0 to 1, when its text was recognised from an image (see <see cref="IOcrEngine"/>); <see langword="null"/> for text read from the file itself.</summary>
    public double? OcrConfidence { get; init; }
}
