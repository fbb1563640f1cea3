// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;
using Rag.Ingestion.Readers;

namespace Rag.Tests.Ingestion;

public class DocumentReaderTests
{
    private static readonly DocumentReaderRegistry s_registry = new();

    private static async Task<ExtractedDocument> ReadAsync(string fileName, string content) =>
        await ReadAsync(fileName, Encoding.UTF8.GetBytes(content));

    private static async Task<ExtractedDocument> ReadAsync(string fileName, byte[] content)
    {
        Assert.True(s_registry.TryGetReader(fileName, out IDocumentReader? reader), fileName);
        using var stream = new MemoryStream(content);
        return await reader.ReadAsync(stream, fileName, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Decode_Utf16LittleEndianBom_DecodesText()
    {
        byte[] bytes = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("héllo\r\nwörld")];

        Assert.Equal("héllo\nwörld", TextDecoder.Decode(bytes, "a.txt").Text);
    }

    [Fact]
    public void Decode_Utf16BigEndianBom_DecodesText()
    {
        byte[] bytes = [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes("naïve ✓")];

        Assert.Equal("naïve ✓", TextDecoder.Decode(bytes, "a.txt").Text);
    }

    [Fact]
    public void Decode_Utf8WithAndWithoutBom_DecodesText()
    {
        byte[] plain = Encoding.UTF8.GetBytes("Grüße – 日本");

        Assert.Equal("Grüße – 日本", TextDecoder.Decode(plain, "a.txt").Text);
        Assert.Equal("Grüße – 日本", TextDecoder.Decode([0xEF, 0xBB, 0xBF, .. plain], "a.txt").Text);
    }

    [Fact]
    public void Decode_InvalidUtf8_FallsBackToLatin1()
    {
        byte[] bytes = Encoding.Latin1.GetBytes("café crème");

        Assert.Equal("café crème", TextDecoder.Decode(bytes, "a.txt").Text);
    }

    [Fact]
    public void Decode_Utf8WithOneStrayByte_KeepsUtf8AndWarnsWithTheCount()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("Café résumé … 5 €"), 0x80, .. Encoding.UTF8.GetBytes(" ¿Dónde?")];

        DecodedText decoded = TextDecoder.Decode(bytes, "notas.txt");

        Assert.Equal("Café résumé … 5 €\uFFFD ¿Dónde?", decoded.Text);
        Assert.Equal("'notas.txt' is UTF-8 but for 1 invalid byte, replaced by U+FFFD.", decoded.Warning);
    }

    [Fact]
    public void Decode_Utf8WithLatin1Bytes_ReplacesEachAndCountsThem()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("El niño comió "), .. Encoding.Latin1.GetBytes("paella en la montaña"), .. Encoding.UTF8.GetBytes(" según él, en España.")];

        DecodedText decoded = TextDecoder.Decode(bytes, "a.txt");

        Assert.Equal("El niño comió paella en la monta\uFFFDa según él, en España.", decoded.Text);
        Assert.Contains("1 invalid byte,", decoded.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Windows1252File_DecodesQuotesDashesAndEuroWithoutWarning()
    {
        Encoding windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        byte[] bytes = windows1252.GetBytes("“Précis” – 5 € la pièce, naïve façon");

        DecodedText decoded = TextDecoder.Decode(bytes, "a.txt");

        Assert.Equal("“Précis” – 5 € la pièce, naïve façon", decoded.Text);
        Assert.Null(decoded.Warning);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decode_Utf16WithoutBom_DetectsByteOrder(bool bigEndian)
    {
        Encoding utf16 = bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode;
        byte[] bytes = utf16.GetBytes("¿Dónde está la estación?\r\nAquí, en São Paulo.");

        DecodedText decoded = TextDecoder.Decode(bytes, "a.txt");

        Assert.Equal("¿Dónde está la estación?\nAquí, en São Paulo.", decoded.Text);
        Assert.Null(decoded.Warning);
    }

    [Fact]
    public void Decode_Utf16LookalikeBinary_ThrowsInvalidData()
    {
        byte[] bytes = [.. Enumerable.Range(0, 200).SelectMany(i => new byte[] { (byte)(i % 20), 0 })];

        Assert.Throws<InvalidDataException>(() => TextDecoder.Decode(bytes, "table.txt"));
    }

    [Fact]
    public async Task ReadAsync_Utf8WithStrayByte_CarriesTheWarning()
    {
        ExtractedDocument document = await ReadAsync("notes.md", [.. Encoding.UTF8.GetBytes("# Café\n\nrésumé "), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(" años")]);

        Assert.Equal(["'notes.md' is UTF-8 but for 2 invalid bytes, replaced by U+FFFD."], document.Warnings);
    }

    [Fact]
    public void Decode_BinaryContent_ThrowsInvalidData()
    {
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48];

        InvalidDataException ex = Assert.Throws<InvalidDataException>(() => TextDecoder.Decode(bytes, "image.txt"));
        Assert.Contains("binary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_PlainText_GivesParagraphsWithLineRanges()
    {
        ExtractedDocument document = await ReadAsync("notes.txt", "First line\nsecond line\n\n\nThird paragraph\n");

        Assert.Equal("notes", document.Title);
        Assert.Equal(2, document.Blocks.Count);
        Assert.Equal("First line\nsecond line", document.Blocks[0].Text);
        Assert.Equal((1, 2), (document.Blocks[0].StartLine, document.Blocks[0].EndLine));
        Assert.Equal((5, 5), (document.Blocks[1].StartLine, document.Blocks[1].EndLine));
    }

    [Fact]
    public async Task ReadAsync_Markdown_KeepsHeadingsListsCodeAndTablesWithHeaders()
    {
        const string Markdown = """
            # Handbook

            Intro with **bold** and `code`.

            ## Team

            | Name | Role |
            |------|------|
            | Ada  | Engineer |
            | Linus | Maintainer |

            - first item
            - second item

            ```csharp
            var x = 1;
            var y = 2;
            ```
            """;

        ExtractedDocument document = await ReadAsync("handbook.md", Markdown);

        Assert.Equal("Handbook", document.Title);
        DocumentBlock intro = Assert.Single(document.Blocks, b => b.Kind == DocumentBlockKind.Paragraph);
        Assert.Equal("Intro with bold and code.", intro.Text);
        Assert.Equal(["Handbook"], intro.HeadingPath);
        Assert.Equal(3, intro.StartLine);
        DocumentBlock[] rows = [.. document.Blocks.Where(b => b.Kind == DocumentBlockKind.TableRow)];
        Assert.Equal(["Name: Ada; Role: Engineer", "Name: Linus; Role: Maintainer"], rows.Select(r => r.Text));
        Assert.All(rows, r => Assert.Equal(["Handbook", "Team"], r.HeadingPath));
        Assert.Equal(["first item", "second item"], document.Blocks.Where(b => b.Kind == DocumentBlockKind.ListItem).Select(b => b.Text));
        DocumentBlock code = Assert.Single(document.Blocks, b => b.Kind == DocumentBlockKind.Code);
        Assert.Equal("var x = 1;\nvar y = 2;", code.Text);
        Assert.Equal(15, code.StartLine);
        Assert.True(code.EndLine >= 17);
    }

    [Fact]
    public async Task ReadAsync_ReadmeStyleMarkdownWithHtml_KeepsTheTextOfHtmlBlocksAndUnmatchedBrackets()
    {
        const string Markdown = """
            <p align="center">
              <img src="logo.png" alt="logo"><br>
              A fast <b>indexer</b> for local documents.
            </p>

            # Usage

            Index a folder first.<br>Then ask a question.

            <details>
            <summary>Build from source</summary>

            Run the build script.

            </details>

            <div align="right">Maintained by the docs team.</div>

            <!-- a comment nobody reads -->

            The element a[i][j] is read row first; see [the notes] too.
            """;

        ExtractedDocument document = await ReadAsync("README.md", Markdown);

        string[] texts = [.. document.Blocks.Select(b => b.Text)];
        Assert.Contains("A fast indexer for local documents.", texts);
        Assert.Contains("Index a folder first.\nThen ask a question.", texts);
        Assert.Contains("Build from source", texts);
        Assert.Contains("Run the build script.", texts);
        Assert.Contains("Maintained by the docs team.", texts);
        Assert.Contains("The element a[i][j] is read row first; see [the notes] too.", texts);
        Assert.DoesNotContain(texts, t => t.Contains('<', StringComparison.Ordinal) || t.Contains("comment", StringComparison.Ordinal));
        Assert.Equal(["Usage"], Assert.Single(document.Blocks, b => b.Text == "Maintained by the docs team.").HeadingPath);
    }

    [Theory]
    [InlineData("[a](")]
    [InlineData("[a](\n")]
    [InlineData("![a](")]
    [InlineData("[a][")]
    public async Task ReadAsync_MarkdownOfUnclosedLinkOpeners_ReadsQuicklyAndKeepsTheText(string opener)
    {
        // 400 KB: quadratic parsing took 50 s at 100 KB and about 13 minutes at this size; linear parsing takes milliseconds.
        string markdown = string.Concat(Enumerable.Repeat(opener, 400_000 / opener.Length));
        long start = System.Diagnostics.Stopwatch.GetTimestamp();

        ExtractedDocument document = await ReadAsync("hostile.md", markdown);

        TimeSpan elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"Reading took {elapsed}.");
        Assert.Equal(markdown.Trim(), Assert.Single(document.Blocks).Text);
    }

    [Theory]
    [InlineData("> ")]
    [InlineData("**a")]
    [InlineData("[a] [")]
    public async Task ReadAsync_MarkdownNestedPastMarkdigsDepthLimit_IsReadAsPlainText(string unit)
    {
        string markdown = "Intro line.\n\n" + string.Concat(Enumerable.Repeat(unit, 100_000 / unit.Length));

        ExtractedDocument document = await ReadAsync("nested.md", markdown);

        Assert.Equal(["Intro line.", markdown[13..].Trim()], document.Blocks.Select(b => b.Text));
        Assert.Equal(3, document.Blocks[1].StartLine);
    }

    [Fact]
    public async Task ReadAsync_MarkdownParagraphOverLinkOpenerLimit_KeepsItAsSourceTextAndParsesTheRest()
    {
        string links = string.Concat(Enumerable.Repeat("[x](y) ", LinkOpenerLimitExtension.MaxOpeners + 1)).Trim();
        string markdown = $"# Title\n\nSee **the** [guide](https://example.com/guide).\n\n{links}\n";

        ExtractedDocument document = await ReadAsync("links.md", markdown);

        Assert.Equal(["Title", "See the guide.", links], document.Blocks.Select(b => b.Text));
        Assert.Equal(5, document.Blocks[2].StartLine);
    }

    [Fact]
    public async Task ReadAsync_Html_DropsScriptsAndChromeAndKeepsHeadingsAndTables()
    {
        const string Html = """
            <html><head><title>Policy</title><style>p { color: red }</style><script>var secret = 1;</script></head>
            <body>
              <nav><a href="/">Home</a> menu link</nav>
              <header>Site banner</header>
              <h1>Travel</h1>
              <p>Book trains <b>early</b>.<br>Always.</p>
              <h2>Limits</h2>
              <table><tr><th>Item</th><th>Max</th></tr><tr><td>Hotel</td><td>120 EUR</td></tr></table>
              <ul><li>Keep receipts</li></ul>
              <footer>Copyright</footer>
            </body></html>
            """;

        ExtractedDocument document = await ReadAsync("policy.html", Html);
        string all = string.Join("\n", document.Blocks.Select(b => b.Text));

        Assert.Equal("Policy", document.Title);
        Assert.DoesNotContain("secret", all, StringComparison.Ordinal);
        Assert.DoesNotContain("menu link", all, StringComparison.Ordinal);
        Assert.DoesNotContain("banner", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Copyright", all, StringComparison.Ordinal);
        Assert.DoesNotContain("color", all, StringComparison.Ordinal);
        Assert.Contains(document.Blocks, b => b.Kind == DocumentBlockKind.Paragraph && b.Text == "Book trains early.\nAlways." && b.HeadingPath.SequenceEqual(["Travel"]));
        Assert.Contains(document.Blocks, b => b.Kind == DocumentBlockKind.TableRow && b.Text == "Item: Hotel; Max: 120 EUR" && b.HeadingPath.SequenceEqual(["Travel", "Limits"]));
        Assert.Contains(document.Blocks, b => b.Kind == DocumentBlockKind.ListItem && b.Text == "Keep receipts");
    }

    [Fact]
    public async Task ReadAsync_HtmlDefinitionList_KeepsEachTermWithItsDescription()
    {
        // Texinfo and DocBook manuals list options as <dt><code>-s, --standard</code></dt><dd><p>…</p></dd>.
        const string Html = """
            <html><body><h2>Command Line Options</h2>
            <dl compact="compact">
            <dt><code>-h, --help</code></dt>
            <dd><p>Print the usage and exit.</p></dd>
            <dt><code>-s</code></dt><dt><code>--standard</code></dt>
            <dd><p>Process exactly the POSIX <code>bc</code> language.</p><p>Extensions give errors.</p></dd>
            <dt>orphan term</dt>
            </dl><p>After the list.</p></body></html>
            """;

        ExtractedDocument document = await ReadAsync("bc.html", Html);

        Assert.Equal(
            ["Command Line Options", "-h, --help — Print the usage and exit.", "-s, --standard — Process exactly the POSIX bc language.", "Extensions give errors.", "orphan term", "After the list."],
            document.Blocks.Select(b => b.Text));
        Assert.All(document.Blocks.Skip(1).Take(2), b => Assert.Equal(DocumentBlockKind.ListItem, b.Kind));
        Assert.All(document.Blocks.Skip(1), b => Assert.Equal(["Command Line Options"], b.HeadingPath));
    }

    [Theory]
    [InlineData("""<div class="navheader"><table><tr><th>COPY</th></tr><tr><td><a href="a.html">Prev</a></td><td>SQL Commands</td><td><a href="b.html">Next</a></td></tr></table></div>""", """<div class="navfooter"><table><tr><td><a href="a.html">Prev</a></td><td><a href="index.html">Home</a></td></tr></table></div>""")]
    [InlineData("""<div class="header"><p>Next: <a href="#n">Numbers</a>, Previous: <a href="#p">Description</a>, Up: <a href="#u">Introduction</a> [<a href="#c">Contents</a>]</p></div>""", "")]
    [InlineData("""<div class="nav-panel"><p>Next: <a href="#n">Numbers</a>, Up: <a href="#u">Introduction</a></p></div>""", "")]
    public async Task ReadAsync_GeneratedManualNavigation_IsDroppedLikeNav(string before, string after)
    {
        // DocBook and Texinfo put each page's Prev/Up/Next links in <div class="navheader">, "header" or "nav-panel", not <nav>.
        string html = $"<html><body>{before}<h1>Numbers</h1><p>Numbers are arbitrary precision numbers.</p>{after}</body></html>";

        ExtractedDocument document = await ReadAsync("manual.html", html);

        DocumentBlock block = Assert.Single(document.Blocks, b => b.Kind != DocumentBlockKind.Heading);
        Assert.Equal("Numbers are arbitrary precision numbers.", block.Text);
        Assert.DoesNotContain(document.Blocks, b => b.Text.Contains("Prev", StringComparison.Ordinal) || b.Text.Contains("Next", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_Csv_RowsCarryHeaderNamesAndHandleQuotes()
    {
        const string Csv = "name,notes,city\n\"Lovelace, Ada\",\"said \"\"hi\"\"\nthen left\",London\nTuring,,Wilmslow\n";

        ExtractedDocument document = await ReadAsync("people.csv", Csv);

        Assert.Equal(2, document.Blocks.Count);
        Assert.Equal("name: Lovelace, Ada; notes: said \"hi\"\nthen left; city: London", document.Blocks[0].Text);
        Assert.Equal((2, 3), (document.Blocks[0].StartLine, document.Blocks[0].EndLine));
        Assert.Equal("name: Turing; city: Wilmslow", document.Blocks[1].Text);
        Assert.Equal(4, document.Blocks[1].StartLine);
        Assert.All(document.Blocks, b => Assert.Equal(DocumentBlockKind.TableRow, b.Kind));
    }

    [Fact]
    public async Task ReadAsync_MarkdownNestedPastPrefixLimit_IsReadAsPlainTextAndShallowNestingIsNot()
    {
        // A 1 MB list nested 1,000 deep kept Markdig parsing for 89 s (tests/Rag.Fuzz/measure-memory.sh); a shallow one is still read as lists.
        static string Nested(int depth) => string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', 2 * i) + "- item" + i + "\n"));

        ExtractedDocument deep = await ReadAsync("deep.md", Nested(1_000));
        ExtractedDocument shallow = await ReadAsync("shallow.md", Nested(12));

        Assert.All(deep.Blocks, b => Assert.Equal(DocumentBlockKind.Paragraph, b.Kind));
        Assert.Contains("item999", string.Join("\n", deep.Blocks.Select(b => b.Text)), StringComparison.Ordinal);
        Assert.Equal(12, shallow.Blocks.Count(b => b.Kind == DocumentBlockKind.ListItem));
    }

    [Fact]
    public async Task ReadAsync_CsvRecordOverFieldLimit_IsRefusedNamingTheLine()
    {
        // A file of commas is one record of millions of fields; each became a string (a 95 MiB file took 2.7 GB).
        string wide = "a,b\n1,2\n" + new string(',', 16_384) + "\n";
        string widest = "a,b\n" + new string(',', 16_383) + "\n";

        InvalidDataException refused = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync("wide.csv", wide));
        ExtractedDocument read = await ReadAsync("widest.csv", widest);

        Assert.Contains("'wide.csv' has a record (line 3) of more than 16,384 fields", refused.Message, StringComparison.Ordinal);
        Assert.Empty(read.Blocks);
    }

    [Fact]
    public async Task ReadAsync_Json_FlattensToPathValueLines()
    {
        const string Json = """{ "service": { "name": "api", "ports": [80, 443] }, "enabled": true, "owner": null }""";

        ExtractedDocument document = await ReadAsync("config.json", Json);

        Assert.Equal(["service.name: api\nservice.ports[0]: 80\nservice.ports[1]: 443", "enabled: true"], document.Blocks.Select(b => b.Text));
    }

    [Fact]
    public async Task ReadAsync_JsonLines_GivesOneBlockPerLineWithLineNumber()
    {
        ExtractedDocument document = await ReadAsync("data.jsonl", "{\"id\":1,\"t\":\"a\"}\n\n{\"id\":2,\"t\":\"b\"}\n");

        Assert.Equal(["id: 1\nt: a", "id: 2\nt: b"], document.Blocks.Select(b => b.Text));
        Assert.Equal([1, 3], document.Blocks.Select(b => b.StartLine!.Value));
    }

    [Fact]
    public async Task ReadAsync_InvalidJson_ThrowsInvalidData()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync("broken.json", "{ \"a\": "));
    }

    [Fact]
    public async Task ReadAsync_SourceCode_KeepsExactLineNumbers()
    {
        const string Code = "using System;\n\nclass A\n{\n    void M() { }\n}\n";

        ExtractedDocument document = await ReadAsync("A.cs", Code);

        Assert.All(document.Blocks, b => Assert.Equal(DocumentBlockKind.Code, b.Kind));
        Assert.Equal([(1, 1), (3, 6)], document.Blocks.Select(b => (b.StartLine!.Value, b.EndLine!.Value)));
        Assert.Equal("class A\n{\n    void M() { }\n}", document.Blocks[1].Text);
    }

    [Fact]
    public void Registry_Register_OverridesAndAddsExtensions()
    {
        var registry = new DocumentReaderRegistry();
        var custom = new FakeReader([".txt", ".xyz"]);

        registry.Register(custom);

        Assert.True(registry.TryGetReader("dir/file.XYZ", out IDocumentReader? xyz));
        Assert.Same(custom, xyz);
        Assert.True(registry.TryGetReader("a.txt", out IDocumentReader? txt));
        Assert.Same(custom, txt);
        Assert.False(registry.TryGetReader("a.unknown", out _));
        Assert.Contains(".md", registry.Extensions);
        Assert.Throws<ArgumentException>(() => registry.Register(new FakeReader(["pdf"])));
    }

    private sealed class FakeReader(string[] extensions) : IDocumentReader
    {
        public IReadOnlyCollection<string> Extensions => extensions;

        public Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ExtractedDocument { Blocks = [] });
    }
}
