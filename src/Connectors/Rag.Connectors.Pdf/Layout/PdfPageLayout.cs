// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace Rag.Connectors.Pdf.Layout;

/// <summary>
/// Reads a page's text blocks from word geometry: words are grouped into blocks (Docstrum) put in reading order; a wide
/// gap inside a line separates columns; a narrow block of terms beside a wider block whose lines start on the same
/// baselines (a two-column option or definition table) is turned into one row per term: "-b, --benchmark — perform a
/// benchmark on decoding".
/// </summary>
internal static class PdfPageLayout
{
    // A gap wider than this many font sizes between two words of a line separates columns.
    private const double ColumnGap = 1.5;

    // Baselines closer than this many font sizes are the same row.
    private const double BaselineTolerance = 0.5;

    public static PdfPageText Read(Page page)
    {
        Word[] words = [.. page.GetWords(NearestNeighbourWordExtractor.Instance).Where(w => !string.IsNullOrWhiteSpace(w.Text))];
        var blocks = new List<PdfTextBlock>();
        if (words.Length > 0)
        {
            IReadOnlyList<TextBlock> segments = DocstrumBoundingBoxes.Instance.GetBlocks(words);
            foreach (TextBlock block in UnsupervisedReadingOrderDetector.Instance.Get(segments))
            {
                PdfLine[] lines = [.. block.TextLines.Select(ToLine).Where(l => l.Text.Length > 0)];
                if (lines.Length > 0)
                {
                    blocks.Add(new PdfTextBlock(lines));
                }
            }
        }

        return new PdfPageText(page.Number, page.Height, PairColumns(blocks));
    }

    private static PdfLine ToLine(TextLine line)
    {
        Word[] words = [.. line.Words.OrderBy(w => w.BoundingBox.Left)];
        double size = FontSize(words);
        var segments = new List<StringBuilder> { new() };
        for (int i = 0; i < words.Length; i++)
        {
            if (i > 0 && words[i].BoundingBox.Left - words[i - 1].BoundingBox.Right > ColumnGap * size)
            {
                segments.Add(new StringBuilder());
            }

            StringBuilder segment = segments[^1];
            if (segment.Length > 0)
            {
                segment.Append(' ');
            }

            segment.Append(words[i].Text.Trim());
        }

        string text = string.Join(segments.Count == 2 ? " — " : "; ", segments.Select(s => s.ToString()));
        return new PdfLine(text, line.BoundingBox.Left, line.BoundingBox.Right, line.BoundingBox.Top, line.BoundingBox.Bottom, size);
    }

    private static double FontSize(IEnumerable<Word> words)
    {
        double[] sizes = [.. words.SelectMany(w => w.Letters).Select(l => l.PointSize).Where(s => s > 0)];
        return sizes.Length == 0 ? 10 : sizes.GroupBy(s => Math.Round(s, 1)).MaxBy(g => g.Count())!.Key;
    }

    // Replaces each term column and the description column beside it with one row block per term, at the column's place.
    private static List<PdfTextBlock> PairColumns(List<PdfTextBlock> blocks)
    {
        var rows = new Dictionary<PdfTextBlock, List<PdfTextBlock>>();
        var pairOf = new Dictionary<PdfTextBlock, PdfTextBlock>();
        foreach (PdfTextBlock terms in blocks)
        {
            if (pairOf.ContainsKey(terms) || !IsTermColumn(terms))
            {
                continue;
            }

            PdfTextBlock? descriptions = blocks.Find(b => b != terms && !pairOf.ContainsKey(b) && IsBeside(terms, b));
            if (descriptions is not null)
            {
                rows[terms] = Rows(terms, descriptions);
                pairOf[terms] = terms;
                pairOf[descriptions] = terms;
            }
        }

        if (rows.Count == 0)
        {
            return blocks;
        }

        // The rows go where the first block of the pair is read, whichever of the two it is.
        var result = new List<PdfTextBlock>();
        var emitted = new HashSet<PdfTextBlock>();
        foreach (PdfTextBlock block in blocks)
        {
            if (!pairOf.TryGetValue(block, out PdfTextBlock? terms))
            {
                result.Add(block);
            }
            else if (emitted.Add(terms))
            {
                result.AddRange(rows[terms]);
            }
        }

        return result;
    }

    // A term column: every line starts with an option ("-b", "--help") or is at most four words.
    private static bool IsTermColumn(PdfTextBlock block) =>
        block.Lines.All(l => l.Text.StartsWith('-') || l.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 4);

    private static bool IsBeside(PdfTextBlock terms, PdfTextBlock other)
    {
        PdfLine first = terms.Lines[0];
        PdfLine otherFirst = other.Lines[0];
        double tolerance = BaselineTolerance * first.FontSize;
        return other.Lines.Min(l => l.Left) > terms.Lines.Max(l => l.Right)
            && Math.Abs(otherFirst.Bottom - first.Bottom) <= tolerance
            && terms.Lines.Skip(1).All(t => other.Lines.Any(d => Math.Abs(d.Bottom - t.Bottom) <= tolerance));
    }

    private static List<PdfTextBlock> Rows(PdfTextBlock terms, PdfTextBlock descriptions)
    {
        double tolerance = BaselineTolerance * terms.Lines[0].FontSize;
        var rows = new List<PdfTextBlock>();
        for (int i = 0; i < terms.Lines.Count; i++)
        {
            PdfLine term = terms.Lines[i];
            double nextBaseline = i + 1 < terms.Lines.Count ? terms.Lines[i + 1].Bottom + tolerance : double.NegativeInfinity;
            PdfLine[] described = [.. descriptions.Lines.Where(d => d.Bottom <= term.Bottom + tolerance && d.Bottom > nextBaseline)];
            string text = described.Length == 0 ? term.Text : string.Concat(term.Text, " — ", string.Join(' ', described.Select(d => d.Text)));
            double right = described.Length == 0 ? term.Right : described.Max(d => d.Right);
            double bottom = described.Length == 0 ? term.Bottom : described[^1].Bottom;
            rows.Add(new PdfTextBlock([new PdfLine(text, term.Left, right, term.Top, bottom, term.FontSize)], IsRow: true));
        }

        return rows;
    }
}
