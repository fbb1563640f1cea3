// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;
using Rag.TestUtilities;

namespace Rag.Connectors.OpenXml.Tests;

public class WordDocumentReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Builds a .docx with heading styles, a paragraph, a numbered list item and a table with a header row.</summary>
    internal static byte[] CreateSampleDocx()
    {
        using var stream = new MemoryStream();
        using (WordprocessingDocument word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            word.PackageProperties.Title = "Employee handbook";
            MainDocumentPart main = word.AddMainDocumentPart();
            StyleDefinitionsPart styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                HeadingStyle("Heading1", "heading 1"),
                HeadingStyle("Heading2", "heading 2"),
                new Style(new StyleName { Val = "List Paragraph" }) { Type = StyleValues.Paragraph, StyleId = "ListParagraph" });
            main.Document = new Document(new Body(
                StyledParagraph("Heading1", "Benefits"),
                new Paragraph(new Run(new Text("Everyone gets a yearly budget."))),
                StyledParagraph("Heading2", "Leave"),
                new Paragraph(
                    new ParagraphProperties(new ParagraphStyleId { Val = "ListParagraph" }, new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })),
                    new Run(new Text("Ask your manager first."))),
                new Table(
                    Row("Type", "Days"),
                    Row("Vacation", "25"),
                    Row("Sick", "10")),
                StyledParagraph("Heading1", "Contact"),
                new Paragraph(new Run(new Text("Line one"), new Break(), new Text("line two")))));
        }

        return stream.ToArray();

        static Style HeadingStyle(string id, string name) =>
            new(new StyleName { Val = name }, new StyleParagraphProperties(new OutlineLevel { Val = int.Parse(name[^1..], System.Globalization.CultureInfo.InvariantCulture) - 1 }))
            {
                Type = StyleValues.Paragraph,
                StyleId = id,
            };

        static Paragraph StyledParagraph(string style, string text) =>
            new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text)));

        static TableRow Row(params string[] cells) =>
            new(cells.Select(c => new TableCell(new Paragraph(new Run(new Text(c))))));
    }

    private static async Task<ExtractedDocument> ReadAsync(byte[] bytes, string name = "handbook.docx")
    {
        using var stream = new MemoryStream(bytes);
        return await WordDocumentReaderFactory.Create().ReadAsync(stream, name, Ct);
    }

    [Fact]
    public async Task ReadAsync_GeneratedDocx_KeepsHeadingPathsListsAndTableRowsWithHeaders()
    {
        ExtractedDocument document = await ReadAsync(CreateSampleDocx());

        Assert.Equal("Employee handbook", document.Title);
        Assert.Equal(
            [
                (DocumentBlockKind.Heading, "Benefits", "Benefits"),
                (DocumentBlockKind.Paragraph, "Everyone gets a yearly budget.", "Benefits"),
                (DocumentBlockKind.Heading, "Leave", "Benefits/Leave"),
                (DocumentBlockKind.ListItem, "Ask your manager first.", "Benefits/Leave"),
                (DocumentBlockKind.TableRow, "Type: Vacation; Days: 25", "Benefits/Leave"),
                (DocumentBlockKind.TableRow, "Type: Sick; Days: 10", "Benefits/Leave"),
                (DocumentBlockKind.Heading, "Contact", "Contact"),
                (DocumentBlockKind.Paragraph, "Line one\nline two", "Contact"),
            ],
            document.Blocks.Select(b => (b.Kind, b.Text, string.Join('/', b.HeadingPath))));
    }

    [Fact]
    public async Task ReadAsync_NotAZip_ThrowsInvalidData()
    {
        InvalidDataException ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(Encoding.UTF8.GetBytes("I am plain text renamed to .docx"), "fake.docx"));

        Assert.Contains("fake.docx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TruncatedZip_ThrowsInvalidData()
    {
        byte[] docx = CreateSampleDocx();

        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(docx[..(docx.Length / 2)], "cut.docx"));
    }

    [Fact]
    public async Task SyncFolderAsync_GoodAndBadDocx_IngestsGoodOneAndRecordsFailure()
    {
        // Arrange
        using var folder = new TemporaryDirectory();
        File.WriteAllBytes(Path.Combine(folder.Path, "handbook.docx"), CreateSampleDocx());
        folder.WriteFile("fake.docx", "not a zip at all");
        using var store = new InMemoryKnowledgeStore();
        var ingestor = new DocumentIngestor(store, new HashingEmbeddingGenerator(), new DocumentReaderRegistry().Register(WordDocumentReaderFactory.Create()));

        // Act
        FolderSyncResult result = await ingestor.SyncFolderAsync(folder.Path, cancellationToken: Ct);

        // Assert
        Assert.Equal(["handbook.docx"], result.Added);
        IngestionFailure failure = Assert.Single(result.Failed);
        Assert.Equal("fake.docx", failure.Path);
        Assert.Equal(failure.Reason, Assert.Single(await store.GetDocumentsAsync(Ct), r => r.Status == DocumentStatus.Failed).Error);
        IReadOnlyList<DocumentChunk> chunks = await store.GetChunksAsync("handbook.docx", Ct);
        Assert.Equal(3, chunks.Count); // one per section: Benefits, Benefits/Leave, Contact
        Assert.Contains("Type: Vacation; Days: 25", chunks[1].Text, StringComparison.Ordinal);
        Assert.Equal(["Benefits", "Leave"], chunks[1].HeadingPath);
    }

    [Fact]
    public void UseOpenXmlReader_RegistersReaderThatTheRegistryPicksUp()
    {
        var services = new ServiceCollection();
        new RagBuilder(services).UseOpenXmlReader();
        using ServiceProvider provider = services.BuildServiceProvider();

        var registry = new DocumentReaderRegistry(provider.GetServices<IDocumentReader>());

        Assert.True(registry.TryGetReader("a.docx", out IDocumentReader? reader));
        Assert.Contains(".docx", reader.Extensions);
    }
}
