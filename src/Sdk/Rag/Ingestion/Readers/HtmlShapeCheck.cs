// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;

namespace Rag.Ingestion.Readers;

/// <summary>
/// Checks the shape of HTML in one linear pass over its tags before AngleSharp builds a tree: AngleSharp's tree construction
/// grows super-linearly with nesting (100,000 nested divs ran for minutes in one call) and checks attribute names pairwise.
/// </summary>
/// <remarks>
/// The depth counted is an upper bound of the tree's: every start tag opens an element except void elements and those the
/// HTML parser closes implicitly when a sibling starts (<c>p</c>, <c>li</c>, table cells and rows, ...), which can only nest
/// through an element that is counted; an end tag closes up to the nearest open element of its name, or nothing. Formatting
/// elements left open are counted on their own, because the parser re-opens them inside every later block.
/// </remarks>
internal static class HtmlShapeCheck
{
    /// <summary>The most formatting elements (<c>b</c>, <c>font</c>, ...) left open that the parser would re-open in later blocks.</summary>
    internal const int MaxUnclosedFormattingElements = 4_096;

    private const int TagsPerCancellationCheck = 4096;

    private static readonly HashSet<string> s_void = new(StringComparer.Ordinal)
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    };

    private static readonly HashSet<string> s_closedBySibling = new(StringComparer.Ordinal)
    {
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp",
    };

    private static readonly HashSet<string> s_formatting = new(StringComparer.Ordinal)
    {
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
    };

    private static readonly HashSet<string> s_rawText = new(StringComparer.Ordinal)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
    };

    /// <summary>Throws when <paramref name="html"/> nests too deep, holds too many elements or an element with too many attributes.</summary>
    /// <param name="html">The decoded document.</param>
    /// <param name="fileName">The file's name, for the error message.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <exception cref="InvalidDataException">A limit of <see cref="InputShapeLimits"/> or <see cref="MaxUnclosedFormattingElements"/> is passed.</exception>
    public static void Check(string html, string fileName, CancellationToken cancellationToken)
    {
        var open = new List<string>();
        int foreignDepth = 0;
        int unclosedFormatting = 0;
        int elements = 0;
        int i = 0;
        while ((i = html.IndexOf('<', i)) >= 0)
        {
            i++;
            if (i >= html.Length)
            {
                break;
            }

            char c = html[i];
            if (c == '!' && string.CompareOrdinal(html, i, "!--", 0, 3) == 0)
            {
                i = SkipPast(html, i + 3, "-->");
                continue;
            }

            if (c is '!' or '?')
            {
                i = SkipPast(html, i, ">");
                continue;
            }

            bool end = c == '/';
            int nameStart = end ? i + 1 : i;
            if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                continue;
            }

            int nameEnd = nameStart;
            while (nameEnd < html.Length && !char.IsWhiteSpace(html[nameEnd]) && html[nameEnd] is not ('/' or '>'))
            {
                nameEnd++;
            }

            string name = html[nameStart..nameEnd].ToLowerInvariant();
            i = ReadAttributes(html, nameEnd, fileName, name, out bool selfClosing);
            if (end)
            {
                Close(open, name, ref foreignDepth);
                if (s_formatting.Contains(name) && unclosedFormatting > 0)
                {
                    unclosedFormatting--;
                }

                continue;
            }

            if (++elements > InputShapeLimits.MaxElements)
            {
                throw InputShapeLimits.Refuse(fileName, string.Create(CultureInfo.InvariantCulture, $"holds more than {InputShapeLimits.MaxElements:N0} HTML elements"));
            }

            if (elements % TagsPerCancellationCheck == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (s_formatting.Contains(name) && ++unclosedFormatting > MaxUnclosedFormattingElements)
            {
                throw InputShapeLimits.Refuse(fileName, string.Create(CultureInfo.InvariantCulture, $"leaves more than {MaxUnclosedFormattingElements:N0} HTML formatting elements open"));
            }

            if (s_void.Contains(name) || s_closedBySibling.Contains(name) || (selfClosing && foreignDepth > 0))
            {
                continue;
            }

            if (s_rawText.Contains(name))
            {
                int close = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                i = close < 0 ? html.Length : close;
                continue;
            }

            if (name == "plaintext")
            {
                break;
            }

            if (name is "svg" or "math")
            {
                foreignDepth++;
            }

            open.Add(name);
            if (open.Count > InputShapeLimits.MaxNestingDepth)
            {
                throw InputShapeLimits.Refuse(fileName, string.Create(CultureInfo.InvariantCulture, $"nests HTML elements more than {InputShapeLimits.MaxNestingDepth} levels deep"));
            }
        }
    }

    private static void Close(List<string> open, string name, ref int foreignDepth)
    {
        int index = open.LastIndexOf(name);
        if (index < 0)
        {
            return;
        }

        for (int k = index; k < open.Count; k++)
        {
            if (open[k] is "svg" or "math")
            {
                foreignDepth--;
            }
        }

        open.RemoveRange(index, open.Count - index);
    }

    /// <summary>Reads a tag's attributes from <paramref name="start"/> to its closing <c>&gt;</c>, honouring quotes; returns the index after it.</summary>
    private static int ReadAttributes(string html, int start, string fileName, string name, out bool selfClosing)
    {
        int attributes = 0;
        bool inName = false;
        selfClosing = false;
        int i = start;
        while (i < html.Length)
        {
            char c = html[i];
            if (c == '>')
            {
                selfClosing = i > start && html[i - 1] == '/';
                return i + 1;
            }

            if (c is '"' or '\'')
            {
                int close = html.IndexOf(c, i + 1);
                i = close < 0 ? html.Length : close + 1;
                inName = false;
                continue;
            }

            if (char.IsWhiteSpace(c) || c is '/' or '=')
            {
                inName = false;
            }
            else if (!inName)
            {
                inName = true;
                if (i == 0 || html[i - 1] != '=')
                {
                    if (++attributes > InputShapeLimits.MaxAttributesPerElement)
                    {
                        throw InputShapeLimits.Refuse(fileName, string.Create(CultureInfo.InvariantCulture, $"has a <{name}> element with more than {InputShapeLimits.MaxAttributesPerElement:N0} attributes"));
                    }
                }
            }

            i++;
        }

        return i;
    }

    private static int SkipPast(string html, int start, string terminator)
    {
        int index = html.IndexOf(terminator, start, StringComparison.Ordinal);
        return index < 0 ? html.Length : index + terminator.Length;
    }
}
