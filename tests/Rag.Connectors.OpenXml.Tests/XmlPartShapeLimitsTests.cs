// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.IO.Compression;
using System.Text;
using Rag.TestUtilities;

namespace Rag.Connectors.OpenXml.Tests;

/// <summary>Hostile .docx shapes: each must be refused with a reason naming the file, never crash or balloon the process.</summary>
public class XmlPartShapeLimitsTests
{
    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A valid .docx whose <c>word/document.xml</c> body is replaced by <paramref name="bodyXml"/>.</summary>
    private static byte[] DocxWithBody(string bodyXml)
    {
        using var stream = new MemoryStream();
        stream.Write(WordDocumentReaderTests.CreateSampleDocx());
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("word/document.xml")!.Delete();
            using Stream entry = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            using var writer = new StreamWriter(entry, new UTF8Encoding(false));
            writer.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"{WordNamespace}\"><w:body>");
            writer.Write(bodyXml);
            writer.Write("</w:body></w:document>");
        }

        return stream.ToArray();
    }

    private static string Nested(string open, string close, int depth, string inner) =>
        string.Concat(string.Concat(Enumerable.Repeat(open, depth)), inner, string.Concat(Enumerable.Repeat(close, depth)));

    private static async Task<ExtractedDocument> ReadAsync(byte[] docx, string name)
    {
        using var stream = new MemoryStream(docx);
        return await WordDocumentReaderFactory.Create().ReadAsync(stream, name, Ct);
    }

    [Fact]
    public async Task ReadAsync_100000NestedContentControls_IsRefusedNamingFileAndLimit()
    {
        byte[] docx = DocxWithBody(Nested("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", 100_000, "<w:p><w:r><w:t>deep</w:t></w:r></w:p>"));

        InvalidDataException ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(docx, "nested-sdt.docx"));

        Assert.Contains("'nested-sdt.docx'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"more than {XmlPartShapeLimits.MaxDepth} levels deep", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_100000NestedHyperlinks_IsRefusedNamingFileAndLimit()
    {
        byte[] docx = DocxWithBody("<w:p>" + Nested("<w:hyperlink>", "</w:hyperlink>", 100_000, "<w:r><w:t>link</w:t></w:r>") + "</w:p>");

        InvalidDataException ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(docx, "nested-links.docx"));

        Assert.Contains("'nested-links.docx'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("levels deep", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MillionsOfEmptyParagraphs_IsRefusedNamingFileAndLimit()
    {
        byte[] docx = DocxWithBody(string.Concat(Enumerable.Repeat("<w:p/>", XmlPartShapeLimits.MaxElements)));

        InvalidDataException ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(docx, "empty-paragraphs.docx"));

        Assert.True(docx.Length < 200_000, $"The crafted file is {docx.Length:N0} bytes: a small file, as in the attack.");
        Assert.Contains("'empty-paragraphs.docx'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"more than {XmlPartShapeLimits.MaxElements:N0} XML elements", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NestingBelowTheLimit_ReadsTheInnermostText()
    {
        // document, body, then pairs of sdt/sdtContent, then p/r/t: deepest element at depth 2 + 2 * 120 + 2 < MaxDepth.
        byte[] docx = DocxWithBody(Nested("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", 120, "<w:p><w:r><w:t>Still readable.</w:t></w:r></w:p>"));

        ExtractedDocument document = await ReadAsync(docx, "nested-ok.docx");

        Assert.Equal("Still readable.", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public async Task SyncFolderAsync_StackBombDocx_IsRecordedAsFailedAndSkippedUntilItChanges()
    {
        // Arrange
        using var folder = new TemporaryDirectory();
        File.WriteAllBytes(Path.Combine(folder.Path, "handbook.docx"), WordDocumentReaderTests.CreateSampleDocx());
        File.WriteAllBytes(Path.Combine(folder.Path, "bomb.docx"), DocxWithBody(Nested("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", 100_000, "<w:p/>")));
        using var store = new InMemoryKnowledgeStore();
        var ingestor = new DocumentIngestor(store, new HashingEmbeddingGenerator(), new DocumentReaderRegistry().Register(WordDocumentReaderFactory.Create()));

        // Act
        FolderSyncResult first = await ingestor.SyncFolderAsync(folder.Path, cancellationToken: Ct);
        FolderSyncResult second = await ingestor.SyncFolderAsync(folder.Path, cancellationToken: Ct);

        // Assert
        Assert.Equal(["handbook.docx"], first.Added);
        IngestionFailure failure = Assert.Single(first.Failed);
        Assert.Equal("bomb.docx", failure.Path);
        Assert.Contains("levels deep", failure.Reason, StringComparison.Ordinal);
        Assert.Empty(second.Failed);
        Assert.Equal(2, second.Unchanged);
    }
}
