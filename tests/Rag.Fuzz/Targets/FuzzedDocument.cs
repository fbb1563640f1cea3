// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;

namespace Rag.Fuzz;

/// <summary>
/// Builds the chunker target's document from raw bytes: the input is UTF-8 text whose lines each become a block; a
/// line's first character picks its kind (<c>#</c> heading, <c>-</c> list item, <c>|</c> table row, <c>`</c> code, else
/// paragraph) and <c>\f</c> in a line starts a new page. The first byte also picks the token budget.
/// </summary>
internal static class FuzzedDocument
{
    /// <summary>Builds the document.</summary>
    /// <param name="input">The fuzzer's bytes.</param>
    /// <returns>The document to chunk.</returns>
    public static ExtractedDocument Build(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        var blocks = new List<DocumentBlock>();
        var headings = new List<string>();
        int page = 1;
        int line = 0;
        foreach (string raw in text.Split('\n'))
        {
            line++;
            page += raw.Count(c => c == '\f');
            string body = raw.Replace("\f", string.Empty, StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
            DocumentBlockKind kind = body.Length == 0 ? DocumentBlockKind.Paragraph : body[0] switch
            {
                '#' => DocumentBlockKind.Heading,
                '-' => DocumentBlockKind.ListItem,
                '|' => DocumentBlockKind.TableRow,
                '`' => DocumentBlockKind.Code,
                _ => DocumentBlockKind.Paragraph,
            };
            if (kind == DocumentBlockKind.Heading)
            {
                int level = Math.Min(body.TakeWhile(c => c == '#').Count(), 6);
                headings.RemoveRange(Math.Min(level - 1, headings.Count), headings.Count - Math.Min(level - 1, headings.Count));
                headings.Add(body.TrimStart('#'));
            }

            blocks.Add(new DocumentBlock { Text = body, Kind = kind, HeadingPath = [.. headings], PageNumber = page, StartLine = line, EndLine = line + body.Count(c => c == '\n') });
        }

        return new ExtractedDocument { Title = "fuzz", Blocks = blocks };
    }

    /// <summary>Gets the token budget the input asks for: 8 to 135.</summary>
    /// <param name="input">The fuzzer's bytes.</param>
    /// <returns>The budget.</returns>
    public static int Budget(ReadOnlySpan<byte> input) => input.IsEmpty ? 64 : 8 + (input[0] % 128);
}
