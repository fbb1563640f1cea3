// Copyright (c) Rag contributors. Licensed under the MIT License.

using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Outline;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Writer;

namespace Rag.Connectors.Pdf.Tests;

/// <summary>Reader fidelity on PDFs of real shape: wrapped and hyphenated lines, running heads, option tables, outlines.</summary>
public sealed class PdfLayoutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ExtractedDocument> ReadAsync(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return await PdfDocumentReaderFactory.Create().ReadAsync(stream, "manual.pdf", Ct);
    }

    private static (PdfDocumentBuilder Builder, PdfDocumentBuilder.AddedFont Font) NewDocument()
    {
        var builder = new PdfDocumentBuilder();
        return (builder, builder.AddStandard14Font(Standard14Font.Helvetica));
    }

    [Fact]
    public async Task ReadAsync_WrappedLinesWithRunningHeadsAndPageNumbers_JoinsParagraphsAndDropsTheRepeats()
    {
        // Arrange: three pages of a manual, each with a running head (title left, page number right) and a page number foot.
        (PdfDocumentBuilder builder, PdfDocumentBuilder.AddedFont font) = NewDocument();
        string[][] bodies =
        [
            ["The library parses DER encoded structures into a tree. Each docu-", "ment node holds a value, and the default weight value is", "50, and the maximum is 100."],
            ["Options are read from the command-line and from a configuration", "file. Values given on the command-", "line override the file."],
            ["Errors are reported with a code and a message that names the", "structure element that could not be decoded."],
        ];
        for (int p = 0; p < bodies.Length; p++)
        {
            PdfPageBuilder page = builder.AddPage(595, 842);
            page.AddText("Chapter 2: ASN.1 structure handling", 9, new PdfPoint(72, 800), font);
            page.AddText((p + 3).ToString(System.Globalization.CultureInfo.InvariantCulture), 9, new PdfPoint(520, 800), font);
            for (int line = 0; line < bodies[p].Length; line++)
            {
                page.AddText(bodies[p][line], 11, new PdfPoint(72, 700 - (line * 14)), font);
            }

            page.AddText((p + 3).ToString(System.Globalization.CultureInfo.InvariantCulture), 9, new PdfPoint(297, 40), font);
        }

        // Act
        ExtractedDocument document = await ReadAsync(builder.Build());

        // Assert
        Assert.Equal(
            [
                "The library parses DER encoded structures into a tree. Each document node holds a value, and the default weight value is 50, and the maximum is 100.",
                "Options are read from the command-line and from a configuration file. Values given on the command-line override the file.",
                "Errors are reported with a code and a message that names the structure element that could not be decoded.",
            ],
            document.Blocks.Select(b => b.Text));
        Assert.Equal([1, 2, 3], document.Blocks.Select(b => b.PageNumber!.Value));
    }

    [Fact]
    public async Task ReadAsync_TwoColumnOptionTable_KeepsEachOptionWithItsDescription()
    {
        // Arrange: an option table as man-page PDFs lay it out, terms in one column and descriptions in another.
        (PdfDocumentBuilder builder, PdfDocumentBuilder.AddedFont font) = NewDocument();
        PdfPageBuilder page = builder.AddPage(595, 842);
        page.AddText("The decoder accepts the following options on its command line.", 11, new PdfPoint(72, 720), font);
        (string Term, string Description)[] rows =
        [
            ("-b, --benchmark", "perform a benchmark on decoding"),
            ("-h, --help", "print help and exit"),
            ("-v, --version", "print version information and exit"),
        ];
        for (int i = 0; i < rows.Length; i++)
        {
            page.AddText(rows[i].Term, 11, new PdfPoint(90, 690 - (i * 16)), font);
            page.AddText(rows[i].Description, 11, new PdfPoint(240, 690 - (i * 16)), font);
        }

        // Act
        ExtractedDocument document = await ReadAsync(builder.Build());

        // Assert
        List<string> texts = [.. document.Blocks.Select(b => b.Text)];
        Assert.Contains("-b, --benchmark — perform a benchmark on decoding", texts);
        Assert.Contains("-h, --help — print help and exit", texts);
        Assert.Contains("-v, --version — print version information and exit", texts);
        Assert.Equal("The decoder accepts the following options on its command line.", texts[0]);
    }

    [Fact]
    public async Task ReadAsync_PdfWithOutline_PutsBookmarksIntoTheHeadingPath()
    {
        // Arrange
        (PdfDocumentBuilder builder, PdfDocumentBuilder.AddedFont font) = NewDocument();
        PdfPageBuilder first = builder.AddPage(595, 842);
        first.AddText("1 Introduction", 16, new PdfPoint(72, 760), font);
        first.AddText("This manual describes the decoder and its library.", 11, new PdfPoint(72, 730), font);
        first.AddText("1.1 Scope", 14, new PdfPoint(72, 600), font);
        first.AddText("Only DER encoded input is covered here.", 11, new PdfPoint(72, 575), font);
        PdfPageBuilder second = builder.AddPage(595, 842);
        second.AddText("2 Usage", 16, new PdfPoint(72, 760), font);
        second.AddText("Run the decoder with the file to decode.", 11, new PdfPoint(72, 730), font);
        builder.Bookmarks = new Bookmarks(
        [
            // Like texinfo's PDFs, the second destination is only the page top and its title lacks the section number.
            new DocumentBookmarkNode("1 Introduction", 0, Destination(1, 780), [new DocumentBookmarkNode("Scope", 1, Destination(1, 842), [])]),
            new DocumentBookmarkNode("2 Usage", 0, Destination(2, 780), []),
        ]);

        // Act
        ExtractedDocument document = await ReadAsync(builder.Build());

        // Assert
        DocumentBlock Block(string text) => Assert.Single(document.Blocks, b => b.Text == text);
        Assert.Equal(DocumentBlockKind.Heading, Block("1 Introduction").Kind);
        Assert.Equal(["1 Introduction"], Block("This manual describes the decoder and its library.").HeadingPath);
        Assert.Equal(DocumentBlockKind.Heading, Block("1.1 Scope").Kind);
        Assert.Equal(["1 Introduction", "Scope"], Block("Only DER encoded input is covered here.").HeadingPath);
        Assert.Equal(["2 Usage"], Block("Run the decoder with the file to decode.").HeadingPath);
        Assert.Equal(2, Block("Run the decoder with the file to decode.").PageNumber);

        static ExplicitDestination Destination(int page, double top) =>
            new(page, ExplicitDestinationType.XyzCoordinates, new ExplicitDestinationCoordinates(72, top));
    }

    [Fact]
    public async Task ReadAsync_LigatureGlyphs_AreSpelledOut()
    {
        // Arrange: typeset manuals draw "fi" and "fl" as single ligature glyphs, which keyword search would not match.
        (PdfDocumentBuilder builder, PdfDocumentBuilder.AddedFont font) = NewDocument();
        PdfPageBuilder page = builder.AddPage(595, 842);
        page.AddText("Each \uFB01le holds \uFB02oating point values.", 11, new PdfPoint(72, 700), font);

        // Act
        ExtractedDocument document = await ReadAsync(builder.Build());

        // Assert
        Assert.Equal("Each file holds floating point values.", Assert.Single(document.Blocks).Text);
    }
}
