// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace Rag.Ingestion.Readers;

/// <summary>
/// Finds, in one linear pass before Markdig runs, the Markdown shapes whose parse grows faster than the file: lines that open
/// with hundreds of nested containers, and many paragraphs that Markdig turns into something else (setext headings, link
/// reference definitions), and tables of hundreds of thousands of rows. Markdig's parse is one call that cannot be cancelled, so a file with such a shape is read as plain text.
/// </summary>
/// <remarks>
/// Each paragraph Markdig turns into a setext heading or drops as a link reference definition costs it a scan of the blocks
/// already parsed, so the parse grows with (conversions × blocks): 100,000 <c>Title</c>/<c>=</c> pairs took 15 s, and 100,000
/// definitions 16 s blank-separated and 64 s in one run (measured with Markdig 1.6.0). A pipe table's rows, cells and inlines
/// cost about 190 bytes of memory per byte of the file: 1,000,000 rows (11 MB) took 2 GB and 70 s. Lines bound blocks, and the figures are
/// counted from the lines that can start a conversion, so both limits are upper bounds that cost one pass over the text.
/// </remarks>
internal static class MarkdownShapeCheck
{
    /// <summary>Says why <paramref name="text"/> should be read as plain text rather than parsed, or returns <see langword="null"/>.</summary>
    /// <param name="text">The decoded Markdown, line breaks normalised to '\n'.</param>
    /// <param name="fileName">The file's name, for the warning.</param>
    /// <returns>The warning to record with the document, naming the file and the limit; <see langword="null"/> when Markdig may parse it.</returns>
    public static string? PlainTextReason(string text, string fileName)
    {
        long lines = 0;
        long conversions = 0;
        long pipeLines = 0;
        bool previousBlank = true;
        int position = 0;
        while (position <= text.Length)
        {
            int newline = text.IndexOf('\n', position);
            int end = newline < 0 ? text.Length : newline;
            ReadOnlySpan<char> line = text.AsSpan(position, end - position);
            lines++;
            int prefix = PrefixColumns(line);
            if (prefix > InputShapeLimits.MaxMarkdownPrefixColumns)
            {
                return Warning(fileName, string.Create(CultureInfo.InvariantCulture, $"has a line that opens with more than {InputShapeLimits.MaxMarkdownPrefixColumns} columns of indentation and container markers (nesting that deep)"));
            }

            ReadOnlySpan<char> content = QuoteContent(line);
            if (content.Contains('|'))
            {
                pipeLines++;
            }

            bool blank = content.IsWhiteSpace();
            if (!blank && (IsLinkDefinitionStart(content) || (!previousBlank && IsSetextUnderline(content))))
            {
                conversions++;
            }

            previousBlank = blank;
            position = end + 1;
        }

        if (pipeLines > InputShapeLimits.MaxMarkdownTableLines)
        {
            return Warning(fileName, string.Create(CultureInfo.InvariantCulture, $"has {pipeLines:N0} lines with a '|' (table rows), over the limit of {InputShapeLimits.MaxMarkdownTableLines:N0}"));
        }

        if (conversions > InputShapeLimits.MaxMarkdownParagraphConversions)
        {
            return Warning(fileName, string.Create(CultureInfo.InvariantCulture, $"has {conversions:N0} setext headings or link reference definitions, over the limit of {InputShapeLimits.MaxMarkdownParagraphConversions:N0}"));
        }

        if (conversions * lines > InputShapeLimits.MaxMarkdownConversionLineProduct)
        {
            return Warning(fileName, string.Create(CultureInfo.InvariantCulture, $"has {conversions:N0} setext headings or link reference definitions in {lines:N0} lines, over the limit of {InputShapeLimits.MaxMarkdownConversionLineProduct:N0} for their product"));
        }

        return null;
    }

    private static string Warning(string fileName, string what) =>
        $"'{fileName}' was read as plain text, not as Markdown: it {what} (the readers' input-shape limit; Markdig's parse of this shape grows faster than the file).";

    /// <summary>The columns of whitespace and container markers (<c>&gt;</c>, list bullets and numbers) a line opens with; tabs count 4.</summary>
    private static int PrefixColumns(ReadOnlySpan<char> line)
    {
        int columns = 0;
        foreach (char c in line)
        {
            if (c is not (' ' or '\t' or '>' or '-' or '*' or '+' or '.' or ')' or (>= '0' and <= '9')))
            {
                break;
            }

            columns += c == '\t' ? 4 : 1;
            if (columns > InputShapeLimits.MaxMarkdownPrefixColumns)
            {
                break;
            }
        }

        return columns;
    }

    /// <summary>The line without its block-quote markers and the whitespace around them (a conversion inside a quote costs the same).</summary>
    private static ReadOnlySpan<char> QuoteContent(ReadOnlySpan<char> line)
    {
        int i = 0;
        while (i < line.Length && line[i] is ' ' or '\t' or '>')
        {
            i++;
        }

        return line[i..];
    }

    /// <summary>Whether the line can start a link reference definition: <c>[label]:</c>, or a <c>[</c> whose label goes on past the line.</summary>
    private static bool IsLinkDefinitionStart(ReadOnlySpan<char> content)
    {
        if (content.Length == 0 || content[0] != '[')
        {
            return false;
        }

        int close = content.IndexOf(']');
        return close < 0 || (close + 1 < content.Length && content[close + 1] == ':');
    }

    /// <summary>Whether the line is a run of <c>=</c> or of <c>-</c> and trailing whitespace: under a paragraph line it makes a setext heading.</summary>
    private static bool IsSetextUnderline(ReadOnlySpan<char> content)
    {
        char marker = content[0];
        if (marker is not ('=' or '-'))
        {
            return false;
        }

        ReadOnlySpan<char> rest = content.TrimStart(marker);
        return rest.IsWhiteSpace();
    }
}
