// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;

namespace Rag.Connectors.Pdf.Layout;

/// <summary>
/// The document outline (bookmarks) as heading paths: a paragraph's path is the chain of bookmarks that start at or before
/// it, and the paragraph that prints a bookmark's title (with or without its section number) is that heading.
/// </summary>
internal sealed partial class PdfOutline
{
    // A bookmark destination may point a little above or below its heading line.
    private const double PositionSlack = 24;

    private readonly List<(int Page, double Top, int Level, string Title)> _entries;

    private PdfOutline(List<(int Page, double Top, int Level, string Title)> entries) => _entries = entries;

    public static PdfOutline Read(PdfDocument pdf)
    {
        var entries = new List<(int Page, double Top, int Level, string Title)>();
        if (pdf.TryGetBookmarks(out Bookmarks? bookmarks))
        {
            foreach (BookmarkNode node in bookmarks.GetNodes())
            {
                if (node is DocumentBookmarkNode { PageNumber: > 0 } target && !string.IsNullOrWhiteSpace(node.Title))
                {
                    double top = target.Destination.Coordinates.Top ?? double.PositiveInfinity;
                    entries.Add((target.PageNumber, top, node.Level, node.Title.Trim()));
                }
            }
        }

        // Document order: by page (a stable sort keeps the outline's own order within a page).
        return new PdfOutline([.. entries.OrderBy(e => e.Page)]);
    }

    /// <summary>Assigns heading paths to paragraphs in document order and marks the paragraphs that are headings.</summary>
    public List<DocumentBlock> ToBlocks(IReadOnlyList<PdfParagraph> paragraphs)
    {
        int[] starts = StartIndexes(paragraphs);
        var blocks = new List<DocumentBlock>(paragraphs.Count);
        var path = new List<(int Level, string Title)>();
        int next = 0;
        for (int p = 0; p < paragraphs.Count; p++)
        {
            PdfParagraph paragraph = paragraphs[p];
            bool isHeading = false;
            while (next < _entries.Count && starts[next] <= p)
            {
                (_, _, int level, string title) = _entries[next++];
                path.RemoveAll(h => h.Level >= level);
                path.Add((level, title));
                isHeading |= IsTitle(paragraph.Text, title);
            }

            blocks.Add(new DocumentBlock
            {
                Text = paragraph.Text,
                Kind = isHeading ? DocumentBlockKind.Heading : paragraph.Kind,
                PageNumber = paragraph.PageNumber,
                OcrConfidence = paragraph.OcrConfidence,
                HeadingPath = [.. path.Select(h => h.Title)],
            });
        }

        return blocks;
    }

    // Where each bookmark starts: at the paragraph of its page that prints its title ("2.2 Core Functions" for the bookmark
    // "Core Functions"), since destinations are often only the page top; otherwise by its destination's position.
    private int[] StartIndexes(IReadOnlyList<PdfParagraph> paragraphs)
    {
        int[] starts = new int[_entries.Count];
        int from = 0;
        for (int e = 0; e < _entries.Count; e++)
        {
            (int page, double top, _, string title) = _entries[e];
            int printed = -1;
            for (int p = from; p < paragraphs.Count && paragraphs[p].PageNumber <= page; p++)
            {
                if (paragraphs[p].PageNumber == page && IsTitle(paragraphs[p].Text, title))
                {
                    printed = p;
                    break;
                }
            }

            if (printed < 0)
            {
                printed = from;
                while (printed < paragraphs.Count && !(paragraphs[printed].PageNumber > page || (paragraphs[printed].PageNumber == page && top + PositionSlack >= paragraphs[printed].Top)))
                {
                    printed++;
                }
            }

            starts[e] = printed;
            from = printed;
        }

        return starts;
    }

    private static bool IsTitle(string text, string title) =>
        SameText(text, title) || SameText(NumberingRegex().Replace(text, string.Empty), NumberingRegex().Replace(title, string.Empty));

    private static bool SameText(string text, string title) =>
        string.Equals(Normalize(text), Normalize(title), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    // A section number before a title: "2.2 ", "A.1 ", "Chapter 3: ".
    [GeneratedRegex(@"^(?:(?i:chapter|appendix|section|cap[ií]tulo)\s+)?(?:\d+|[A-Z])(?:\.\d+)*\.?:?\s+", RegexOptions.CultureInvariant)]
    private static partial Regex NumberingRegex();
}
