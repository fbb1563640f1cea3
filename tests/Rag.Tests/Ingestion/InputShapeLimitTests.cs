// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;

namespace Rag.Tests.Ingestion;

public sealed class InputShapeLimitTests
{
    private static readonly DocumentReaderRegistry s_registry = new();

    private static async Task<ExtractedDocument> ReadAsync(string fileName, string content)
    {
        Assert.True(s_registry.TryGetReader(fileName, out IDocumentReader? reader), fileName);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return await reader.ReadAsync(stream, fileName, TestContext.Current.CancellationToken);
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    [Theory]
    [InlineData("deep.html", "<html><body>", "</body></html>")]
    [InlineData("deep-html.md", "# Page\n\n", "\n")]
    public async Task ReadAsync_HtmlNestedPastDepthLimit_IsRefusedBeforeParsing(string fileName, string before, string after)
    {
        // 100,000 nested divs kept AngleSharp's tree construction busy until the 2-minute limit; 5,000 parse (slowly) without the check.
        // A Markdown file's HTML block went to AngleSharp unchecked (10,000 nested divs took 3.5 s, 100,000 ran past 100 s).
        string deep = before + Repeat("<div>", 5_000) + "deep text" + Repeat("</div>", 5_000) + after;

        InvalidDataException refused = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(fileName, deep));

        Assert.Contains($"'{fileName}' was refused: it nests HTML elements more than 256 levels deep", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_HtmlElementWithTooManyAttributes_IsRefused()
    {
        string many = "<html><body><p " + string.Concat(Enumerable.Range(0, 2_000).Select(i => $"a{i}=\"v\" ")) + ">text</p></body></html>";

        InvalidDataException refused = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync("attrs.html", many));

        Assert.Contains("has a <p> element with more than 1,024 attributes", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_HtmlFormattingLeftOpenInEveryBlock_IsRefused()
    {
        // The parser re-opens every open formatting element in each later block, so each div nests one level deeper.
        string reopened = "<html><body>" + string.Concat(Enumerable.Range(0, 5_000).Select(i => $"<div><b id=\"{i}\">x</div>")) + "</body></html>";

        InvalidDataException refused = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync("reopen.html", reopened));

        Assert.Contains("leaves more than 4,096 HTML formatting elements open", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_HtmlWithManyImplicitlyClosedSiblingsAndSvgPaths_IsRead()
    {
        // Long flat pages whose siblings close each other (unclosed <p>, <li>, table cells) and inline SVG with many <path/> are not deep.
        string flat = "<html><body><ul>" + Repeat("<li>item", 2_000) + "</ul>" + Repeat("<p>para", 2_000)
            + "<table>" + Repeat("<tr><td>a<td>b", 2_000) + "</table><svg>" + Repeat("<path d=\"M0 0\"/>", 2_000) + "</svg><p>end</p></body></html>";

        ExtractedDocument read = await ReadAsync("flat.html", flat);

        Assert.Equal(2_000, read.Blocks.Count(b => b.Kind == DocumentBlockKind.ListItem));
        Assert.Contains(read.Blocks, b => b.Text == "end");
    }

    [Fact]
    public async Task ReadAsync_JsonNestedPastDepthLimit_IsRefused()
    {
        string deep = Repeat("[", 100_000) + Repeat("]", 100_000);

        InvalidDataException refused = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync("deep.json", deep));

        Assert.Contains("'deep.json' is not valid JSON", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MarkdownWithManyLinkDefinitions_IsReadAsPlainTextWithAWarningNamingTheLimit()
    {
        // Markdig's parse grows with the square of consecutive definitions: 100,000 (2.5 MB) took 64 s, in one uncancellable call.
        string definitions = "# Links\n\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"[l{i}]: http://x/{i}\n"));
        string few = "# Links\n\nSee [one][l0].\n\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"[l{i}]: http://x/{i}\n"));

        ExtractedDocument many = await ReadAsync("links.md", definitions);
        ExtractedDocument parsed = await ReadAsync("few.md", few);

        string warning = Assert.Single(many.Warnings);
        Assert.Contains("'links.md' was read as plain text, not as Markdown: it has 20,000 setext headings or link reference definitions, over the limit of 10,000", warning, StringComparison.Ordinal);
        Assert.Contains("[l19999]: http://x/19999", string.Join("\n", many.Blocks.Select(b => b.Text)), StringComparison.Ordinal);
        Assert.Empty(parsed.Warnings);
        Assert.Equal(["Links", "See one."], parsed.Blocks.Select(b => b.Text));
    }

    [Fact]
    public async Task ReadAsync_MarkdownWithSetextHeadingsTimesLinesOverLimit_IsReadAsPlainTextAndFewHeadingsAreNot()
    {
        // Each setext heading costs Markdig a scan of the blocks before it: 100,000 "Title/=" pairs took 15 s.
        string titles = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"Title {i}\n=\n\n"));
        string longDocument = Repeat("para\n\n", 200_000) + titles;
        string headings = Repeat("para\n\n", 1_000) + titles;

        ExtractedDocument plain = await ReadAsync("long.md", longDocument);
        ExtractedDocument parsed = await ReadAsync("headings.md", headings);

        Assert.Contains("has 5,000 setext headings or link reference definitions in 415,001 lines, over the limit of 1,000,000,000 for their product", Assert.Single(plain.Warnings), StringComparison.Ordinal);
        Assert.DoesNotContain(plain.Blocks, b => b.Kind == DocumentBlockKind.Heading);
        Assert.Empty(parsed.Warnings);
        Assert.Equal(5_000, parsed.Blocks.Count(b => b.Kind == DocumentBlockKind.Heading));
    }

    [Fact]
    public async Task ReadAsync_MarkdownTableOfMoreRowsThanTheLimit_IsReadAsPlainTextKeepingEveryRow()
    {
        // A pipe table costs Markdig about 190 bytes per byte of the file: 1,000,000 rows (11 MB) took 2 GB and 70 s.
        string table = "| id | name |\n| - | - |\n" + string.Concat(Enumerable.Range(0, 100_001).Select(i => $"| {i} | n{i} |\n"));

        ExtractedDocument read = await ReadAsync("table.md", table);

        Assert.Contains("'table.md' was read as plain text, not as Markdown: it has 100,003 lines with a '|' (table rows), over the limit of 100,000", Assert.Single(read.Warnings), StringComparison.Ordinal);
        Assert.DoesNotContain(read.Blocks, b => b.Kind == DocumentBlockKind.TableRow);
        Assert.Contains("| 100000 | n100000 |", string.Join("\n", read.Blocks.Select(b => b.Text)), StringComparison.Ordinal);
    }
}
