// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Buffers;
using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Rag.Cli.Rendering;

/// <summary>
/// Makes text from documents and file names safe to print to a terminal: C0 and C1 control characters other than tab and
/// newline (escape sequences that clear the screen, retitle the window or forge hyperlinks) are shown as <c>\xNN</c>, then the
/// text is escaped for Spectre markup. JSON output keeps the text as it is (the serializer escapes controls).
/// </summary>
internal static class TerminalText
{
    private static readonly SearchValues<char> s_controls = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not '\t' and not '\n').Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    /// <summary>Shows control characters as <c>\xNN</c> and escapes the result for Spectre markup.</summary>
    public static string Escape(string text) => Markup.Escape(WithoutControls(text));

    private static string WithoutControls(string text)
    {
        int first = text.AsSpan().IndexOfAny(s_controls);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8).Append(text, 0, first);
        foreach (char c in text.AsSpan(first))
        {
            if (s_controls.Contains(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
