// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag;

/// <summary>The text an <see cref="IOcrEngine"/> recognised on one page (or image frame).</summary>
public sealed class OcrPage
{
    /// <summary>Gets the 1-based page (or frame) number within the image recognised.</summary>
    public required int PageNumber { get; init; }

    /// <summary>Gets the recognised paragraphs in reading order, their lines joined with spaces; empty when the page holds no text.</summary>
    public required IReadOnlyList<string> Paragraphs { get; init; }

    /// <summary>Gets the engine's confidence in the page's words, from 0 to 1 (the mean word confidence, weighted by word length); 0 when no word was found.</summary>
    public required double Confidence { get; init; }
}
