// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;

namespace Rag.Connectors.Pdf.Layout;

/// <summary>
/// The document outline (bookmarks) as heading paths: a paragraph's path is the chain of bookmarks that start at or before
/// it, and a paragraph whose text is the bookmark's title is that heading.
/// </summary>
internal sealed class PdfOutline
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

        // Document order: by page, then from the top of the page down.
        entries.Sort((a, b) => a.Page != b.Page ? a.Page.CompareTo(b.Page) : b.Top.CompareTo(a.Top));
        return new PdfOutline(entries);
    }

    /// <summary>Assigns heading paths to paragraphs in document order and marks the paragraphs that are headings.</summary>
    public List<DocumentBlock> ToBlocks(IReadOnlyList<PdfParagraph> paragraphs)
    {
        var blocks = new List<DocumentBlock>(paragraphs.Count);
        var path = new List<(int Level, string Title)>();
        int next = 0;
        foreach (PdfParagraph paragraph in paragraphs)
        {
            bool isHeading = false;
            while (next < _entries.Count && Starts(_entries[next], paragraph))
            {
                (_, _, int level, string title) = _entries[next++];
                path.RemoveAll(h => h.Level >= level);
                path.Add((level, title));
                isHeading |= SameText(paragraph.Text, title);
            }

            isHeading |= path.Count > 0 && SameText(paragraph.Text, path[^1].Title);
            blocks.Add(new DocumentBlock
            {
                Text = paragraph.Text,
                Kind = isHeading ? DocumentBlockKind.Heading : paragraph.Kind,
                PageNumber = paragraph.PageNumber,
                HeadingPath = [.. path.Select(h => h.Title)],
            });
        }

        return blocks;
    }

    private static bool Starts((int Page, double Top, int Level, string Title) entry, PdfParagraph paragraph) =>
        entry.Page < paragraph.PageNumber || (entry.Page == paragraph.PageNumber && entry.Top + PositionSlack >= paragraph.Top);

    private static bool SameText(string text, string title) =>
        string.Equals(Normalize(text), Normalize(title), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
