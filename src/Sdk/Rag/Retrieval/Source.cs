// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Rag;

/// <summary>
/// A retrieved passage and exactly where it comes from: the document path, title, heading path, page and line range.
/// Answers cite sources by their <see cref="Number"/> (<c>[1]</c>, <c>[2]</c>…).
/// </summary>
public sealed class Source
{
    private string? _snippet;

    /// <summary>Gets the 1-based number of the source in its result list; answers cite it as <c>[Number]</c>.</summary>
    public required int Number { get; init; }

    /// <summary>Gets the identifier of the document the passage belongs to.</summary>
    public required string DocumentId { get; init; }

    /// <summary>Gets the position of the passage among its document's chunks.</summary>
    public int ChunkIndex { get; init; }

    /// <summary>Gets the document path, relative to the ingested folder, with '/' separators.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the document title, when known.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the headings enclosing the passage, outermost first.</summary>
    public IReadOnlyList<string> HeadingPath { get; init; } = [];

    /// <summary>Gets the 1-based page number, for paged formats.</summary>
    public int? PageNumber { get; init; }

    /// <summary>Gets the OCR confidence (0 to 1) when the passage's text was recognised from a scanned page or an image; <see langword="null"/> for text read from the file.</summary>
    public double? OcrConfidence { get; init; }

    /// <summary>Gets the 1-based first line of the passage, for text formats.</summary>
    public int? StartLine { get; init; }

    /// <summary>Gets the 1-based last line of the passage, for text formats.</summary>
    public int? EndLine { get; init; }

    /// <summary>Gets the character offset where the passage starts in the extracted document text.</summary>
    public int StartOffset { get; init; }

    /// <summary>Gets the character offset just past the passage's end in the extracted document text.</summary>
    public int EndOffset { get; init; }

    /// <summary>Gets the document's file type (extension without the dot).</summary>
    public string FileType { get; init; } = string.Empty;

    /// <summary>Gets the passage text as stored.</summary>
    /// <remarks>Document text is untrusted data: display it as text, never execute or render it as markup.</remarks>
    public required string Text { get; init; }

    /// <summary>Gets the search score (fused, higher is better).</summary>
    public double Score { get; init; }

    /// <summary>Gets the cosine similarity between the query and the passage, when known.</summary>
    public double? VectorScore { get; init; }

    /// <summary>Gets the keyword relevance of the passage, when it matched keywords.</summary>
    public double? KeywordScore { get; init; }

    /// <summary>
    /// Gets a value indicating whether the passage was returned only because it holds every content term of the query
    /// verbatim: by meaning it scored under the relevance floor.
    /// </summary>
    public bool IsKeywordOnly { get; init; }

    /// <summary>
    /// Gets a short excerpt of the passage for display (at most 240 characters): its start, or, when the query's terms
    /// occur only further in, the stretch around them.
    /// </summary>
    public string Snippet
    {
        get => _snippet ??= TextAnalysis.Truncate(Text, PassageSnippet.MaxLength);
        internal init => _snippet = value;
    }

    /// <summary>Gets a human-readable location, for example <c>guide/setup.md › Install › Linux (lines 12–30)</c>, or <c>scan.pdf (page 3, OCR 91% confidence)</c> for recognised text.</summary>
    public string Location
    {
        get
        {
            var builder = new StringBuilder(Path);
            if (HeadingPath.Count > 0)
            {
                builder.Append(" › ").AppendJoin(" › ", HeadingPath);
            }

            if (PageNumber is int page)
            {
                builder.Append(OcrConfidence is double confidence
                    ? string.Create(CultureInfo.InvariantCulture, $" (page {page}, OCR {confidence * 100:0}% confidence)")
                    : string.Create(CultureInfo.InvariantCulture, $" (page {page})"));
            }
            else if (StartLine is int start)
            {
                builder.Append(EndLine is int end && end != start
                    ? string.Create(CultureInfo.InvariantCulture, $" (lines {start}–{end})")
                    : string.Create(CultureInfo.InvariantCulture, $" (line {start})"));
            }

            return builder.ToString();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Number}] {Location}");

    internal static Source FromResult(int number, ChunkSearchResult result, double? vectorScore, bool isKeywordOnly, IReadOnlySet<string> queryTerms)
    {
        ArgumentNullException.ThrowIfNull(result);
        DocumentChunk chunk = result.Chunk;
        return new Source
        {
            Number = number,
            DocumentId = chunk.DocumentId,
            ChunkIndex = chunk.Index,
            Path = chunk.Path,
            Title = chunk.Title,
            HeadingPath = chunk.HeadingPath,
            PageNumber = chunk.PageNumber,
            OcrConfidence = chunk.OcrConfidence,
            StartLine = chunk.StartLine,
            EndLine = chunk.EndLine,
            StartOffset = chunk.StartOffset,
            EndOffset = chunk.EndOffset,
            FileType = chunk.FileType,
            Text = chunk.Text,
            Score = result.Score,
            VectorScore = vectorScore,
            KeywordScore = result.KeywordScore,
            IsKeywordOnly = isKeywordOnly,
            Snippet = PassageSnippet.For(chunk.Text, queryTerms),
        };
    }
}
