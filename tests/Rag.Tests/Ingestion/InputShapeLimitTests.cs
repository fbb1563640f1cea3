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

    [Fact]
    public async Task ReadAsync_HtmlNestedPastDepthLimit_IsRefusedBeforeParsing()
    {
        // 100,000 nested divs kept AngleSharp's tree construction busy until the 2-minute limit; 5,000 parse (slowly) without the check.
        string deep = "<html><body>" + Repeat("<div>", 5_000) + "deep text" + Repeat("</div>", 5_000) + "</body></html>";

        InvalidDataException refused = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync("deep.html", deep));

        Assert.Contains("'deep.html' was refused: it nests HTML elements more than 256 levels deep", refused.Message, StringComparison.Ordinal);
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
}
