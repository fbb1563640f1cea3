// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Rag.Connectors.Pdf.Layout;

/// <summary>
/// Joins the lines of each block into paragraphs. A new paragraph starts at a list item, a table row, an option, after a
/// contents entry, at a change of font size (a
/// heading above its text), and after a line that ends a sentence well before the block's right edge. A word broken
/// across lines with a hyphen is joined without the hyphen unless the document writes it hyphenated elsewhere
/// ("docu-" + "ment" → "document", but "command-" + "line" stays "command-line" when that form occurs).
/// </summary>
internal static partial class PdfParagraphs
{
    // A line ending this many font sizes before the block's right edge is a paragraph's last line.
    private const double ShortLineEms = 3;

    // Font sizes differing by more than this ratio belong to different paragraphs.
    private const double FontSizeChange = 1.15;

    private static readonly char[] s_trimmedPunctuation = ['.', ',', ';', ':', '!', '?', '(', ')', '"', '\'', '“', '”', '‘', '’', '[', ']'];

    public static List<PdfParagraph> Read(IReadOnlyList<PdfPageText> pages)
    {
        HashSet<string> vocabulary = [.. pages.SelectMany(p => p.Blocks).SelectMany(b => b.Lines).SelectMany(l => l.Text.Split(' ')).Select(w => w.Trim(s_trimmedPunctuation).ToLowerInvariant())];
        var paragraphs = new List<PdfParagraph>();
        foreach (PdfPageText page in pages)
        {
            foreach (PdfTextBlock block in page.Blocks)
            {
                Split(block, page.Number, vocabulary, paragraphs);
            }
        }

        return paragraphs;
    }

    private static void Split(PdfTextBlock block, int pageNumber, HashSet<string> vocabulary, List<PdfParagraph> paragraphs)
    {
        double right = block.Lines.Max(l => l.Right);
        var text = new StringBuilder();
        PdfLine? first = null;
        PdfLine? previous = null;
        foreach (PdfLine line in block.Lines)
        {
            if (previous is not null && StartsParagraph(previous, line, right))
            {
                Flush();
            }

            if (text.Length == 0)
            {
                first = line;
                text.Append(line.Text);
            }
            else
            {
                Join(text, line.Text, vocabulary);
            }

            previous = line;
        }

        Flush();

        void Flush()
        {
            if (text.Length > 0 && first is not null)
            {
                string paragraph = text.ToString().Trim();
                DocumentBlockKind kind = first.IsRow || ListMarkerRegex().IsMatch(paragraph) ? DocumentBlockKind.ListItem : DocumentBlockKind.Paragraph;
                paragraphs.Add(new PdfParagraph(paragraph, kind, pageNumber, first.Top));
                text.Clear();
            }
        }
    }

    private static bool StartsParagraph(PdfLine previous, PdfLine line, double right)
    {
        // A list item, a table row, an option or a contents entry stands on its own line.
        if ((line.IsRow || ListMarkerRegex().IsMatch(line.Text) || OptionRegex().IsMatch(line.Text) || ContentsRegex().IsMatch(previous.Text)) && !previous.Text.EndsWith('-'))
        {
            return true;
        }

        double ratio = Math.Max(previous.FontSize, line.FontSize) / Math.Max(0.1, Math.Min(previous.FontSize, line.FontSize));
        if (ratio > FontSizeChange)
        {
            return true;
        }

        bool endsSentence = previous.Text.TrimEnd('"', '”', ')').EndsWith('.') || previous.Text.EndsWith(':') || previous.Text.EndsWith('?') || previous.Text.EndsWith('!');
        return endsSentence && previous.Right < right - (ShortLineEms * previous.FontSize);
    }

    private static void Join(StringBuilder text, string line, HashSet<string> vocabulary)
    {
        char last = text[^1];
        if (last is '-' or '‐' or '\u00AD' && text.Length > 1 && char.IsLetter(text[^2]) && line.Length > 0 && char.IsLower(line[0]))
        {
            string before = TrailingWordRegex().Match(text.ToString(0, text.Length - 1)).Value;
            string after = LeadingWordRegex().Match(line).Value;
            if (last == '\u00AD' || !vocabulary.Contains(string.Concat(before, "-", after).ToLowerInvariant()))
            {
                text.Length--;
            }

            text.Append(line);
            return;
        }

        text.Append(' ').Append(line);
    }

    [GeneratedRegex(@"^(?:[•◦▪‣∙·*–-]|\d{1,3}[.)]|\([a-z0-9]{1,3}\))\s+\S")]
    private static partial Regex ListMarkerRegex();

    [GeneratedRegex(@"^--?[A-Za-z]")]
    private static partial Regex OptionRegex();

    [GeneratedRegex(@"(?:\.\s?){4,}\s*(?:\d+|[ivxlc]+)$")]
    private static partial Regex ContentsRegex();

    [GeneratedRegex(@"[\p{L}]+$")]
    private static partial Regex TrailingWordRegex();

    [GeneratedRegex(@"^[\p{L}]+")]
    private static partial Regex LeadingWordRegex();
}
