// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Rag.TestUtilities;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Rag.Connectors.Pdf.Tests;

public class PdfDocumentReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Builds a two-page PDF: page 1 has a paragraph of two lines and a second paragraph further down; page 2 one line.</summary>
    internal static byte[] CreateSamplePdf()
    {
        var builder = new PdfDocumentBuilder();
        PdfDocumentBuilder.AddedFont font = builder.AddStandard14Font(Standard14Font.Helvetica);
        PdfPageBuilder first = builder.AddPage(595, 842);
        first.AddText("Quarterly report for the northern region.", 12, new PdfPoint(60, 760), font);
        first.AddText("Revenue grew by twelve percent.", 12, new PdfPoint(60, 745), font);
        first.AddText("Costs were stable across all offices.", 12, new PdfPoint(60, 500), font);
        PdfPageBuilder second = builder.AddPage(595, 842);
        second.AddText("Appendix with the detailed figures.", 12, new PdfPoint(60, 760), font);
        return builder.Build();
    }

    /// <summary>Writes a minimal PDF whose trailer names a Standard security handler with a non-empty user password.</summary>
    internal static byte[] CreateEncryptedPdf()
    {
        string hex32 = string.Concat(Enumerable.Range(0, 32).Select(i => ((i * 37 + 11) % 256).ToString("X2", CultureInfo.InvariantCulture)));
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>",
            $"<< /Filter /Standard /V 1 /R 2 /O <{hex32}> /U <{hex32}> /P -44 >>",
            "<< /Length 8 >>\nstream\nABCDEFGH\nendstream",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        int xref = Encoding.Latin1.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (int offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    private static async Task<ExtractedDocument> ReadAsync(byte[] bytes, string name = "report.pdf")
    {
        using var stream = new MemoryStream(bytes);
        return await PdfDocumentReaderFactory.Create().ReadAsync(stream, name, Ct);
    }

    [Fact]
    public async Task ReadAsync_GeneratedPdf_KeepsPagesReadingOrderAndJoinsLines()
    {
        ExtractedDocument document = await ReadAsync(CreateSamplePdf());

        Assert.Equal("report", document.Title);
        Assert.Equal(3, document.Blocks.Count);
        Assert.Equal("Quarterly report for the northern region. Revenue grew by twelve percent.", document.Blocks[0].Text);
        Assert.Equal("Costs were stable across all offices.", document.Blocks[1].Text);
        Assert.Equal("Appendix with the detailed figures.", document.Blocks[2].Text);
        Assert.Equal([1, 1, 2], document.Blocks.Select(b => b.PageNumber!.Value));
    }

    [Fact]
    public async Task ReadAsync_CorruptPdf_ThrowsInvalidData()
    {
        byte[] corrupt = [.. CreateSamplePdf().Take(200), .. Encoding.ASCII.GetBytes("garbage that is not a pdf body")];

        InvalidDataException ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(corrupt, "broken.pdf"));

        Assert.Contains("broken.pdf", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ContentStreamInflatingPastLimit_ThrowsInvalidDataNamingTheBomb()
    {
        // A 300 KB page whose content stream inflates to 300 MiB; a 1 GiB one took PdfPig past 2.5 GB (tests/Rag.Fuzz/measure-memory.sh).
        using var deflated = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(deflated, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            byte[] spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (int i = 0; i < 300; i++)
            {
                zlib.Write(spaces);
            }
        }

        using var pdf = new MemoryStream();
        var offsets = new List<long>();
        void Write(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        Write("%PDF-1.4\n");
        string[] objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"];
        foreach (string obj in objects)
        {
            offsets.Add(pdf.Position);
            Write($"{offsets.Count} 0 obj\n{obj}\nendobj\n");
        }

        offsets.Add(pdf.Position);
        Write($"4 0 obj\n<< /Length {deflated.Length} /Filter /FlateDecode >>\nstream\n");
        deflated.WriteTo(pdf);
        Write("\nendstream\nendobj\n");
        long xref = pdf.Position;
        Write($"xref\n0 5\n0000000000 65535 f \n{string.Concat(offsets.Select(o => o.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n \n"))}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");

        InvalidDataException ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(pdf.ToArray(), "bomb.pdf"));

        Assert.Contains("'bomb.pdf' has a stream", ex.Message, StringComparison.Ordinal);
        Assert.Contains("inflates past 268,435,456 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EncryptedPdf_ThrowsInvalidDataSayingEncrypted()
    {
        InvalidDataException ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(CreateEncryptedPdf(), "secret.pdf"));

        Assert.Contains("encrypted", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SyncFolderAsync_GoodAndBadPdfs_IngestsGoodOnesAndRecordsFailures()
    {
        // Arrange
        using var folder = new TemporaryDirectory();
        File.WriteAllBytes(Path.Combine(folder.Path, "report.pdf"), CreateSamplePdf());
        File.WriteAllBytes(Path.Combine(folder.Path, "corrupt.pdf"), Encoding.ASCII.GetBytes("%PDF-1.7\nthis is not really a pdf\n"));
        File.WriteAllBytes(Path.Combine(folder.Path, "secret.pdf"), CreateEncryptedPdf());
        folder.WriteFile("notes.txt", "Plain notes.");
        using var store = new InMemoryKnowledgeStore();
        var ingestor = new DocumentIngestor(store, new HashingEmbeddingGenerator(), new DocumentReaderRegistry().Register(PdfDocumentReaderFactory.Create()));

        // Act
        var options = new IngestionOptions { Chunking = new ChunkingOptions { MaxTokens = 8 } };
        FolderSyncResult result = await ingestor.SyncFolderAsync(folder.Path, options, cancellationToken: Ct);

        // Assert
        Assert.Equal(["notes.txt", "report.pdf"], result.Added.Order(StringComparer.Ordinal));
        Assert.Equal(["corrupt.pdf", "secret.pdf"], result.Failed.Select(f => f.Path).Order(StringComparer.Ordinal));
        IReadOnlyList<DocumentRecord> records = await store.GetDocumentsAsync(Ct);
        Assert.Contains("encrypted", Assert.Single(records, r => r.Id == "secret.pdf").Error!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DocumentStatus.Failed, Assert.Single(records, r => r.Id == "corrupt.pdf").Status);
        IReadOnlyList<DocumentChunk> chunks = await store.GetChunksAsync("report.pdf", Ct);
        Assert.Equal([1, 1, 1, 2], chunks.Select(c => c.PageNumber!.Value));
        Assert.Equal("Appendix with the detailed figures.", chunks[^1].Text);
        Assert.All(chunks, c => Assert.Equal("pdf", c.FileType));
    }

    [Fact]
    public void UsePdfReader_RegistersReaderThatTheRegistryPicksUp()
    {
        var services = new ServiceCollection();
        new RagBuilder(services).UsePdfReader().UsePdfReader();
        using ServiceProvider provider = services.BuildServiceProvider();

        IDocumentReader reader = Assert.Single(provider.GetServices<IDocumentReader>());
        var registry = new DocumentReaderRegistry(provider.GetServices<IDocumentReader>());

        Assert.Contains(".pdf", reader.Extensions);
        Assert.True(registry.TryGetReader("x/y.PDF", out IDocumentReader? found));
        Assert.Same(reader, found);
    }
}
