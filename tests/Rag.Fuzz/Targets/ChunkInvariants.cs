// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;

namespace Rag.Fuzz;

/// <summary>The chunker's documented guarantees, checked on every fuzzed document.</summary>
internal static class ChunkInvariants
{
    /// <summary>Checks that chunks are numbered 0..n-1, lie in order inside the extracted text, and hold exactly the text between their offsets, with its hash.</summary>
    /// <param name="document">The chunked document.</param>
    /// <param name="chunks">Its chunks.</param>
    /// <exception cref="FuzzFindingException">An invariant is broken.</exception>
    public static void Check(ExtractedDocument document, IReadOnlyList<DocumentChunk> chunks)
    {
        string text = DocumentChunker.GetExtractedText(document);
        int previousStart = 0;
        for (int i = 0; i < chunks.Count; i++)
        {
            DocumentChunk chunk = chunks[i];
            Require(chunk.Index == i, i, $"has index {chunk.Index}");
            Require(chunk.StartOffset >= previousStart && chunk.StartOffset <= chunk.EndOffset && chunk.EndOffset <= text.Length, i, $"has offsets {chunk.StartOffset}..{chunk.EndOffset} (text length {text.Length}, previous start {previousStart})");
            Require(string.Equals(chunk.Text, text[chunk.StartOffset..chunk.EndOffset], StringComparison.Ordinal), i, "text differs from the extracted text between its offsets");
            Require(chunk.Text.Trim().Length > 0, i, "is blank");
            Require(chunk.ContentHash == DocumentChunker.ComputeHash(chunk.Text), i, "has a content hash that is not its text's");
            previousStart = chunk.StartOffset;
        }

        Require(chunks.Count > 0 || text.Trim().Length == 0, chunks.Count, "is missing: non-blank text gave no chunks");
    }

    private static void Require(bool condition, int index, string problem)
    {
        if (!condition)
        {
            throw new FuzzFindingException(string.Create(CultureInfo.InvariantCulture, $"Chunk {index} {problem}."));
        }
    }
}
