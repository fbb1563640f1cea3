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
/// gap inside a line separates columns; lines on one baseline are one row, and a column of terms (options such as
/// "-b, --benchmark", or short terms) is joined to the descriptions beside it, whichever block the layout analysis put
/// them in: "-b, --benchmark — perform a benchmark on decoding".
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

            AppendWithoutLigatures(segment, words[i].Text.Trim());
        }

        string text = string.Join(segments.Count == 2 ? " — " : "; ", segments.Select(s => s.ToString()));
        return new PdfLine(text, line.BoundingBox.Left, line.BoundingBox.Right, line.BoundingBox.Top, line.BoundingBox.Bottom, size, IsRow: segments.Count > 1);
    }

    // Typeset PDFs draw "fi", "fl", "ffi"… as one ligature glyph (U+FB00–U+FB06); spelled out, "ﬁle" is found as "file".
    private static void AppendWithoutLigatures(StringBuilder builder, string word)
    {
        foreach (char c in word)
        {
            if (c is >= '\uFB00' and <= '\uFB06')
            {
                builder.Append(c.ToString().Normalize(NormalizationForm.FormKC));
            }
            else
            {
                builder.Append(c);
            }
        }
    }

    private static double FontSize(IEnumerable<Word> words)
    {
        double[] sizes = [.. words.SelectMany(w => w.Letters).Select(l => l.PointSize).Where(s => s > 0)];
        return sizes.Length == 0 ? 10 : sizes.GroupBy(s => Math.Round(s, 1)).MaxBy(g => g.Count())!.Key;
    }

    // Lines on one baseline are one row, whether the layout analysis put them in one block or in blocks side by side:
    // a term column ("-b, --benchmark") is joined to the description beside it.
    private static List<PdfTextBlock> PairColumns(List<PdfTextBlock> blocks)
    {
        List<List<PdfLine>> lines = [.. blocks.Select(b => MergeBaselines(b.Lines))];
        for (int t = 0; t < lines.Count; t++)
        {
            if (!IsTermColumn(lines[t]))
            {
                continue;
            }

            var matches = new List<(int Block, int Line)>();
            foreach (PdfLine term in lines[t])
            {
                (int Block, int Line) match = FindBeside(lines, t, term);
                if (match.Block < 0 || matches.Contains(match))
                {
                    matches.Clear();
                    break;
                }

                matches.Add(match);
            }

            if (matches.Count == 0)
            {
                continue;
            }

            for (int i = 0; i < matches.Count; i++)
            {
                lines[t][i] = Join(lines[t][i], lines[matches[i].Block][matches[i].Line]);
            }

            foreach ((int block, int line) in matches.OrderByDescending(m => m.Line))
            {
                lines[block].RemoveAt(line);
            }
        }

        return [.. lines.Where(l => l.Count > 0).Select(l => new PdfTextBlock(l))];
    }

    private static List<PdfLine> MergeBaselines(IReadOnlyList<PdfLine> lines)
    {
        var merged = new List<PdfLine>();
        foreach (PdfLine line in lines)
        {
            int same = merged.FindIndex(m => SameBaseline(m, line) && (line.Left > m.Right || m.Left > line.Right));
            if (same < 0)
            {
                merged.Add(line);
            }
            else
            {
                merged[same] = merged[same].Left < line.Left ? Join(merged[same], line) : Join(line, merged[same]);
            }
        }

        merged.Sort((a, b) => b.Bottom.CompareTo(a.Bottom));
        return merged;
    }

    private static (int Block, int Line) FindBeside(List<List<PdfLine>> lines, int termBlock, PdfLine term)
    {
        (int Block, int Line) best = (-1, -1);
        double bestLeft = double.MaxValue;
        for (int b = 0; b < lines.Count; b++)
        {
            for (int l = 0; b != termBlock && l < lines[b].Count; l++)
            {
                PdfLine other = lines[b][l];
                if (SameBaseline(term, other) && other.Left > term.Right && other.Left < bestLeft)
                {
                    best = (b, l);
                    bestLeft = other.Left;
                }
            }
        }

        return best;
    }

    private static bool SameBaseline(PdfLine a, PdfLine b) => Math.Abs(a.Bottom - b.Bottom) <= BaselineTolerance * Math.Min(a.FontSize, b.FontSize);

    private static PdfLine Join(PdfLine term, PdfLine description) =>
        new(string.Concat(term.Text, " — ", description.Text), term.Left, description.Right, Math.Max(term.Top, description.Top), term.Bottom, term.FontSize, IsRow: true);

    // A term column: options ("-b", "--help"), or at least two lines of at most four words. A lone short line is not one,
    // so a heading in the left column of a two-column page is never joined to the text of the right column.
    private static bool IsTermColumn(List<PdfLine> lines) =>
        lines.Count > 0 && lines.TrueForAll(l => !l.IsRow)
        && (lines.TrueForAll(l => l.Text.StartsWith('-')) || (lines.Count > 1 && lines.TrueForAll(l => l.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 4)));
}
