// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Rag.Ingestion;

/// <summary>
/// Undoes what typesetting puts into a reader's text, so words are found as they are typed: ligature characters
/// (U+FB00–U+FB06, "ﬁle") are spelled out, a word hyphenated at a line end with the typesetter's hyphen (U+2010, as groff
/// writes man pages) or a soft hyphen (U+00AD) is joined back, with the line break moved after the word so line numbers
/// stay right, and other soft hyphens, which are invisible, are removed. An ASCII hyphen is left as written: it is as
/// often part of the word ("well-known").
/// </summary>
internal static partial class TypographicText
{
    private static readonly SearchValues<char> s_marks = SearchValues.Create("\uFB00\uFB01\uFB02\uFB03\uFB04\uFB05\uFB06\u2010\u00AD");

    /// <summary>Returns the document with its title, headings and block text normalised; the same instance when nothing changes.</summary>
    public static ExtractedDocument Normalize(ExtractedDocument document)
    {
        DocumentBlock[]? blocks = null;
        for (int i = 0; i < document.Blocks.Count; i++)
        {
            DocumentBlock block = document.Blocks[i];
            string text = Normalize(block.Text);
            bool headingChanged = block.HeadingPath.Any(h => h.AsSpan().ContainsAny(s_marks));
            if (ReferenceEquals(text, block.Text) && !headingChanged)
            {
                continue;
            }

            blocks ??= [.. document.Blocks];
            blocks[i] = new DocumentBlock
            {
                Text = text,
                Kind = block.Kind,
                HeadingPath = headingChanged ? [.. block.HeadingPath.Select(Normalize)] : block.HeadingPath,
                PageNumber = block.PageNumber,
                StartLine = block.StartLine,
                EndLine = block.EndLine,
                OcrConfidence = block.OcrConfidence,
            };
        }

        string? title = document.Title is { } t ? Normalize(t) : null;
        return blocks is null && ReferenceEquals(title, document.Title)
            ? document
            : new ExtractedDocument { Title = title, Blocks = blocks ?? document.Blocks, Warnings = document.Warnings };
    }

    /// <summary>Returns the text normalised; the same instance when it holds no ligature or typesetter's hyphen.</summary>
    public static string Normalize(string text)
    {
        if (!text.AsSpan().ContainsAny(s_marks))
        {
            return text;
        }

        string joined = BrokenWordRegex().Replace(text, "$3$1$2");
        var builder = new StringBuilder(joined.Length + 16);
        foreach (char c in joined)
        {
            string? spelled = c switch
            {
                '\uFB00' => "ff",
                '\uFB01' => "fi",
                '\uFB02' => "fl",
                '\uFB03' => "ffi",
                '\uFB04' => "ffl",
                '\uFB05' or '\uFB06' => "st",
                '\u00AD' => string.Empty,
                _ => null,
            };
            if (spelled is null)
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(spelled);
            }
        }

        return builder.ToString();
    }

    // A letter, the typesetter's hyphen or a soft hyphen, the line break and its indentation, and the lower-case rest of the word.
    [GeneratedRegex(@"(?<=\p{L})[\u2010\u00AD](\r?\n)([ \t]*)(\p{Ll}+)")]
    private static partial Regex BrokenWordRegex();
}
