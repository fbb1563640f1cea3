// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Rag.Connectors.Pdf.Layout;

/// <summary>
/// Removes running heads, running feet and page numbers: lines in the top or bottom margin band of a page whose text,
/// with its numbers masked, repeats on another page ("Chapter 2: ASN.1 structure handling  3"), and margin lines that are
/// only a page number ("4", "Page 4 of 20", "iv").
/// </summary>
internal static partial class PdfRunningText
{
    // The top and bottom tenth of a page is where running heads and feet sit.
    private const double MarginBand = 0.1;

    public static void Remove(IReadOnlyList<PdfPageText> pages)
    {
        var pagesByKey = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (PdfPageText page in pages)
        {
            foreach (PdfLine line in page.Blocks.SelectMany(b => b.Lines).Where(l => InMargin(page, l)))
            {
                string key = Key(line.Text);
                if (!pagesByKey.TryGetValue(key, out HashSet<int>? seen))
                {
                    pagesByKey[key] = seen = [];
                }

                seen.Add(page.Number);
            }
        }

        foreach (PdfPageText page in pages)
        {
            for (int i = page.Blocks.Count - 1; i >= 0; i--)
            {
                PdfTextBlock block = page.Blocks[i];
                PdfLine[] kept = [.. block.Lines.Where(l => !InMargin(page, l) || (!PageNumberRegex().IsMatch(l.Text.Trim()) && pagesByKey[Key(l.Text)].Count < 2))];
                if (kept.Length == 0)
                {
                    page.Blocks.RemoveAt(i);
                }
                else if (kept.Length != block.Lines.Count)
                {
                    page.Blocks[i] = block with { Lines = kept };
                }
            }
        }
    }

    private static bool InMargin(PdfPageText page, PdfLine line) =>
        line.Bottom >= page.Height * (1 - MarginBand) - line.FontSize || line.Top <= page.Height * MarginBand + line.FontSize;

    private static string Key(string text) => DigitsRegex().Replace(text.Trim().ToLowerInvariant(), "#");

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitsRegex();

    [GeneratedRegex(@"^(?:(?:page|p\.|pág(?:ina)?\.?)\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/|de)\s*\d{1,4})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageNumberRegex();
}
