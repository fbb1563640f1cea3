// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using System.Linq;
using Rag.Connectors.Pdf.Layout;

namespace Rag.Connectors.Pdf.Ocr;

/// <summary>
/// Tells whether a page's text layer is usable. It is not when the page has no text, or when its text is garbage: more than
/// <see cref="MaxUnreadableShare"/> of its visible characters are unreadable (control, private-use, unassigned, or U+FFFD, what
/// a font without a Unicode map extracts to), or fewer than <see cref="MinLetterShare"/> of them are letters or digits
/// ("?????", "□□□□"). A page without a usable text layer is read by OCR when an OCR engine is configured.
/// </summary>
internal static class PdfTextLayer
{
    /// <summary>The largest share of unreadable characters a usable text layer may hold.</summary>
    internal const double MaxUnreadableShare = 0.1;

    /// <summary>The smallest share of letters and digits a usable text layer must hold.</summary>
    internal const double MinLetterShare = 0.5;

    public static bool IsUsable(PdfPageText page) => IsUsable(string.Concat(page.Blocks.SelectMany(b => b.Lines).Select(l => l.Text)));

    internal static bool IsUsable(string text)
    {
        int visible = 0;
        int unreadable = 0;
        int letters = 0;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            visible++;
            if (char.IsLetterOrDigit(c))
            {
                letters++;
            }
            else if (c == '\uFFFD' || char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Format)
            {
                unreadable++;
            }
        }

        return visible > 0 && unreadable <= MaxUnreadableShare * visible && letters >= MinLetterShare * visible;
    }
}
