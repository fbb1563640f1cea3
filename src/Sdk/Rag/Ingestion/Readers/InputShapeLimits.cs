// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.IO;

namespace Rag.Ingestion.Readers;

/// <summary>
/// The shape limits every reader checks before (or while) a parser sees its input: parsers that recurse can overflow the
/// stack, which .NET cannot catch, and parsers whose work grows with nesting or element counts can run far past the per-file
/// time limit in a call that cannot be cancelled. One set of figures and one refusal message for all readers.
/// </summary>
internal static class InputShapeLimits
{
    /// <summary>The deepest nesting of elements, containers or values a document may have (256 levels; real documents nest a few dozen).</summary>
    internal const int MaxNestingDepth = 256;

    /// <summary>The most markup elements one document may hold (2,000,000; a 1,000-page manual holds a few hundred thousand).</summary>
    internal const int MaxElements = 2_000_000;

    /// <summary>The most attributes one element may carry (1,024; real pages use a handful, and parsers check duplicates per attribute).</summary>
    internal const int MaxAttributesPerElement = 1_024;

    /// <summary>The widest run of indentation and container markers a Markdown line may open with (256 columns, tabs 4) before the file is read as plain text.</summary>
    internal const int MaxMarkdownPrefixColumns = 256;

    /// <summary>The most setext headings and link reference definitions a Markdown file may hold before it is read as plain text (10,000).</summary>
    internal const int MaxMarkdownParagraphConversions = 10_000;

    /// <summary>The most lines with a <c>|</c> (pipe-table rows) a Markdown file may hold before it is read as plain text (100,000; 1,000,000 took Markdig 2 GB).</summary>
    internal const int MaxMarkdownTableLines = 100_000;

    /// <summary>
    /// The largest product of a Markdown file's setext headings and link reference definitions and its lines (10^9, about 2 s of
    /// Markdig's parse on a loaded 2-core machine) before it is read as plain text: each costs Markdig a scan of the blocks before it.
    /// </summary>
    internal const long MaxMarkdownConversionLineProduct = 1_000_000_000;

    /// <summary>Builds the refusal for a file whose shape passes a limit.</summary>
    /// <param name="fileName">The file's name.</param>
    /// <param name="what">What passed the limit, as a phrase that follows the file's name ("nests elements more than 256 levels deep").</param>
    /// <returns>The exception to throw; the ingestor records its message as the file's failure.</returns>
    internal static InvalidDataException Refuse(string fileName, string what) =>
        new($"'{fileName}' was refused: it {what} (the readers' input-shape limit; a hostile or damaged file).");
}
