// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Rag.Connectors.Pdf;
using Rag.Connectors.Sqlite;
using Rag.TestUtilities;
using static Rag.Connectors.Tesseract.Tests.ScannedDocuments;

namespace Rag.Connectors.Tesseract.Tests;

/// <summary>Scanned PDFs and images made in the test, OCR'd by the real Tesseract through the ingestion pipeline.</summary>
public sealed class TesseractOcrIngestionTests : IDisposable
{
    private const string InstallTesseract = "apt-get install tesseract-ocr tesseract-ocr-eng";

    private readonly TemporaryDirectory _folder = new();
    private readonly TemporaryDirectory _work = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _folder.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task SyncFolderAsync_ScannedPdf_FindsWordsWithPageCitationAndOcrConfidence()
    {
        // Arrange
        RequireTools();
        File.WriteAllBytes(Path.Combine(_folder.Path, "logbook.pdf"), ScannedPdf((Scan(PageOne), null), (Scan(PageTwo), null)));
        using var store = new InMemoryKnowledgeStore();

        // Act
        FolderSyncResult result = await SyncAsync(store, TesseractOcrFactory.CreateEngine());

        // Assert
        Assert.Equal(["logbook.pdf"], result.Added);
        IReadOnlyList<DocumentChunk> chunks = await store.GetChunksAsync("logbook.pdf", Ct);
        AssertPage(chunks, 1, PageOne);
        AssertPage(chunks, 2, PageTwo);
        var knowledge = new KnowledgeBase(store, new HashingEmbeddingGenerator());
        Source found = (await knowledge.SearchAsync("harbour candles rationed", cancellationToken: Ct))[0];
        Assert.Equal(2, found.PageNumber);
        Assert.Matches(@"^logbook\.pdf \(page 2, OCR \d{2,3}% confidence\)$", found.Location);
    }

    [Fact]
    public async Task SyncFolderAsync_MixedPdf_KeepsTextPageAndOcrsScannedPage()
    {
        // Arrange
        RequireTools();
        File.WriteAllBytes(Path.Combine(_folder.Path, "mixed.pdf"), ScannedPdf((null, PageOne), (Scan(PageTwo), null)));
        using var store = new InMemoryKnowledgeStore();

        // Act
        FolderSyncResult result = await SyncAsync(store, TesseractOcrFactory.CreateEngine());

        // Assert
        Assert.Equal(["mixed.pdf"], result.Added);
        Assert.Empty(result.Warnings);
        IReadOnlyList<DocumentChunk> chunks = await store.GetChunksAsync("mixed.pdf", Ct);
        DocumentChunk text = Assert.Single(chunks, c => c.PageNumber == 1);
        Assert.Null(text.OcrConfidence);
        Assert.Equal(string.Join(' ', PageOne), text.Text);
        AssertPage(chunks, 2, PageTwo);
    }

    [Theory]
    [InlineData("png", "scan.png")]
    [InlineData("jpeg", "photo.jpg")]
    [InlineData("tiff", "fax.tif")]
    public async Task SyncFolderAsync_ImageFile_IsReadWholeByOcr(string format, string name)
    {
        // Arrange
        RequireTools();
        File.WriteAllBytes(Path.Combine(_folder.Path, name), Scan(PageOne, format));
        using var store = new InMemoryKnowledgeStore();

        // Act
        FolderSyncResult result = await SyncAsync(store, TesseractOcrFactory.CreateEngine());

        // Assert
        Assert.Equal([name], result.Added);
        AssertPage(await store.GetChunksAsync(name, Ct), 1, PageOne);
    }

    [Fact]
    public async Task SyncFolderAsync_TesseractMissing_FailsScansNamingFileAndPackagesAndWarnsForMixedPdf()
    {
        // Arrange
        RequireTools();
        File.WriteAllBytes(Path.Combine(_folder.Path, "scan.pdf"), ScannedPdf((Scan(PageOne), null)));
        File.WriteAllBytes(Path.Combine(_folder.Path, "mixed.pdf"), ScannedPdf((null, PageOne), (Scan(PageTwo), null)));
        File.WriteAllBytes(Path.Combine(_folder.Path, "photo.png"), Scan(PageTwo));
        using var store = new InMemoryKnowledgeStore();
        IOcrEngine missing = TesseractOcrFactory.CreateEngine(new TesseractOptions { ExecutablePath = Path.Combine(_work.Path, "no-such-tesseract") });

        // Act
        FolderSyncResult result = await SyncAsync(store, missing);

        // Assert
        Assert.Equal(["mixed.pdf"], result.Added);
        IngestionFailure scan = Assert.Single(result.Failed, f => f.Path == "scan.pdf");
        Assert.Contains("'scan.pdf' has no text: Page 1 has no usable text layer", scan.Reason, StringComparison.Ordinal);
        Assert.Contains(InstallTesseract, scan.Reason, StringComparison.Ordinal);
        IngestionFailure photo = Assert.Single(result.Failed, f => f.Path == "photo.png");
        Assert.Contains("'photo.png' was not read by OCR", photo.Reason, StringComparison.Ordinal);
        Assert.Contains(InstallTesseract, photo.Reason, StringComparison.Ordinal);
        IngestionWarning warning = Assert.Single(result.Warnings);
        Assert.Equal("mixed.pdf", warning.Path);
        Assert.StartsWith("Page 2 has no usable text layer and was not read by OCR: Tesseract OCR is not installed", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncFolderAsync_NoOcrEngine_ScannedPdfFailsSayingWhatToAddAndInstall()
    {
        // Arrange
        RequireTools();
        File.WriteAllBytes(Path.Combine(_folder.Path, "scan.pdf"), ScannedPdf((Scan(PageOne), null)));
        using var store = new InMemoryKnowledgeStore();

        // Act
        FolderSyncResult result = await SyncAsync(store, null);

        // Assert
        IngestionFailure failure = Assert.Single(result.Failed);
        Assert.Contains("'scan.pdf' has no text: Page 1 has no usable text layer", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("UseTesseractOcr()", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("apt-get install tesseract-ocr tesseract-ocr-eng poppler-utils", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncFolderAsync_ChangedPdfResynced_ScannedPageComesFromTheCache()
    {
        // Arrange: tesseract behind a wrapper that logs every recognition it runs.
        RequireTools();
        string log = Path.Combine(_work.Path, "calls.log");
        string wrapper = WriteWrapper("counting-tesseract", $"""case "$1" in --*) ;; *) echo "$@" >> '{log}' ;; esac""");
        var options = new TesseractOptions { ExecutablePath = wrapper, CacheDirectory = Path.Combine(_work.Path, "ocr-cache") };
        byte[] scan = Scan(PageTwo);
        string path = Path.Combine(_folder.Path, "report.pdf");
        File.WriteAllBytes(path, ScannedPdf((null, PageOne), (scan, null)));
        using var store = new InMemoryKnowledgeStore();
        await SyncAsync(store, TesseractOcrFactory.CreateEngine(options));
        int firstRun = File.ReadAllLines(log).Length;

        // Act: the file changes (a page is added), so the sync reads it again, with a fresh engine as after a restart.
        File.WriteAllBytes(path, ScannedPdf((null, PageOne), (scan, null), (null, ["An added appendix page."])));
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddMinutes(1));
        FolderSyncResult second = await SyncAsync(store, TesseractOcrFactory.CreateEngine(options));

        // Assert
        Assert.Equal(1, firstRun);
        Assert.Equal(["report.pdf"], second.Changed);
        Assert.Single(File.ReadAllLines(log));
        IReadOnlyList<DocumentChunk> chunks = await store.GetChunksAsync("report.pdf", Ct);
        AssertPage(chunks, 2, PageTwo);
        Assert.Equal([1, 2, 3], chunks.Select(c => c.PageNumber!.Value));
    }

    [Fact]
    public async Task SyncFolderAsync_MultiPageScan_ReportsOneProgressStepPerOcrPage()
    {
        // Arrange
        RequireTools();
        byte[] one = Scan(PageOne);
        byte[] two = Scan(PageTwo);
        File.WriteAllBytes(Path.Combine(_folder.Path, "scan.pdf"), ScannedPdf((one, null), (two, null), (one, null)));
        using var store = new InMemoryKnowledgeStore();
        var reports = new List<IngestionProgress>();

        // Act
        FolderSyncResult result = await SyncAsync(store, TesseractOcrFactory.CreateEngine(), new SynchronousProgress(reports));

        // Assert: the page count, each text layer read, then one step per recognised page, all naming the file.
        Assert.Equal(["scan.pdf"], result.Added);
        IngestionProgress[] reading = [.. reports.Where(r => r.Reading is not null)];
        Assert.All(reading, r => Assert.Equal("scan.pdf", r.CurrentFile));
        Assert.All(reading, r => Assert.Equal(3, r.Reading!.Pages));
        Assert.Equal([0, 1, 2, 3], reading.Where(r => r.Reading!.OcrPages == 0).Select(r => r.Reading!.PagesRead));
        Assert.Equal([0, 1, 2, 3], reading.Where(r => r.Reading!.OcrPages == 3).Select(r => r.Reading!.OcrPagesDone));
    }

    [Fact]
    public async Task SyncFolderAsync_ScanOfFourPages_RecognisesPagesInParallelUpToTheLimitAndKeepsTheirOrder()
    {
        // Arrange: a wrapper that runs each recognition and records how many were running when it ended (itself included).
        RequireTools();
        string running = Path.Combine(_work.Path, "running");
        string log = Path.Combine(_work.Path, "concurrency.log");
        Directory.CreateDirectory(running);
        string wrapper = WriteWrapper("parallel-tesseract", $"""
            case "$1" in --*) exec tesseract "$@" ;; esac
            touch '{running}/'$$
            tesseract "$@" > '{running}.'$$.out; code=$?
            ls '{running}' | wc -l >> '{log}'
            rm '{running}/'$$
            cat '{running}.'$$.out; rm '{running}.'$$.out
            exit $code
            """);
        File.WriteAllBytes(Path.Combine(_folder.Path, "scan.pdf"), ScannedPdf((Scan(PageOne), null), (Scan(PageTwo), null), (Scan(PageOne), null), (Scan(PageTwo), null)));
        using var store = new InMemoryKnowledgeStore();

        // Act
        FolderSyncResult result = await SyncAsync(store, TesseractOcrFactory.CreateEngine(new TesseractOptions { ExecutablePath = wrapper, MaxParallelPages = 3 }));

        // Assert
        Assert.Equal(["scan.pdf"], result.Added);
        int[] atOnce = [.. File.ReadAllLines(log).Select(l => int.Parse(l.Trim(), System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(4, atOnce.Length);
        Assert.InRange(atOnce.Max(), 2, 3);
        IReadOnlyList<DocumentChunk> chunks = await store.GetChunksAsync("scan.pdf", Ct);
        Assert.Equal([1, 2, 3, 4], chunks.Select(c => c.PageNumber!.Value));
        AssertPage(chunks, 1, PageOne);
        AssertPage(chunks, 2, PageTwo);
        AssertPage(chunks, 3, PageOne);
        AssertPage(chunks, 4, PageTwo);
    }

    [Fact]
    public async Task SyncFolderAsync_SpanishScanWithSpanishPreferred_IsFoundByAnInflectedSpanishKeywordQuery()
    {
        // Arrange: OCR in eng+spa (the samples' choice for keyword language Spanish), into a SQLite index that detects each piece's language.
        RequireTools();
        TestEnvironment.RequireResource("/usr/share/tesseract-ocr/5/tessdata/spa.traineddata");
        File.WriteAllBytes(Path.Combine(_folder.Path, "muelle.pdf"), ScannedPdf((Scan(SpanishPage), null)));
        using KnowledgeStore store = SqliteKnowledgeStore.Open(Path.Combine(_work.Path, "index.db"), new SqliteStoreOptions { KeywordLanguage = KeywordLanguage.Auto });

        // Act
        FolderSyncResult result = await SyncAsync(store, TesseractOcrFactory.CreateEngine(new TesseractOptions { PreferredLanguages = ["spa"] }));
        IReadOnlyList<ChunkSearchResult> found = await store.SearchAsync(new ChunkSearchRequest { Keywords = "reparar la red", Top = 3 }, Ct);

        // Assert: "reparaban sus redes" matches "reparar la red" only through the Spanish stemmer.
        Assert.Equal(["muelle.pdf"], result.Added);
        ChunkSearchResult hit = Assert.Single(found);
        Assert.Equal(1, hit.Chunk.PageNumber);
        double accuracy = CharacterAccuracy(string.Join(' ', SpanishPage), hit.Chunk.Text);
        Assert.True(accuracy >= 0.98, $"Character accuracy is {accuracy:P1}: '{hit.Chunk.Text}'");
    }

    [Fact]
    public async Task RecognizeImageAsync_Canceled_StopsTesseractAtOnce()
    {
        RequireTools();
        string wrapper = WriteWrapper("hanging-tesseract", """case "$1" in --*) ;; *) sleep 60 ;; esac""");
        IOcrEngine engine = TesseractOcrFactory.CreateEngine(new TesseractOptions { ExecutablePath = wrapper });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromSeconds(2));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.RecognizeImageAsync(Scan(PageOne), "scan.png", cancel.Token));

        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 30);
    }

    [Fact]
    public async Task SyncFolderAsync_TesseractPastPageTimeLimit_IsStoppedAndTheFileFails()
    {
        // Arrange
        RequireTools();
        string wrapper = WriteWrapper("hanging-tesseract", """case "$1" in --*) ;; *) sleep 60 ;; esac""");
        File.WriteAllBytes(Path.Combine(_folder.Path, "scan.png"), Scan(PageOne));
        using var store = new InMemoryKnowledgeStore();
        var watch = Stopwatch.StartNew();

        // Act
        FolderSyncResult result = await SyncAsync(store, TesseractOcrFactory.CreateEngine(new TesseractOptions { ExecutablePath = wrapper, PageTimeLimit = TimeSpan.FromSeconds(2) }));

        // Assert
        IngestionFailure failure = Assert.Single(result.Failed);
        Assert.Contains("ran longer than 2 s and was stopped", failure.Reason, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 40);
    }

    [Fact]
    public async Task RecognizeImageAsync_LanguageNotInstalled_ThrowsNamingItsPackage()
    {
        RequireTools();
        IOcrEngine engine = TesseractOcrFactory.CreateEngine(new TesseractOptions { Languages = ["eng", "zz_test"] });

        InvalidOperationException ex = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.RecognizeImageAsync(Scan(PageOne), "scan.png", Ct));

        Assert.Contains("Tesseract language data not installed: zz_test", ex.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install tesseract-ocr-zz-test", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseTesseractOcr_RegistersTheEngineAndTheImageReader()
    {
        var services = new ServiceCollection();
        new RagBuilder(services).UsePdfReader().UseTesseractOcr(o => o.Languages = ["eng"]);
        using ServiceProvider provider = services.BuildServiceProvider();

        var registry = new DocumentReaderRegistry(provider.GetServices<IDocumentReader>());

        Assert.NotNull(provider.GetService<IOcrEngine>());
        Assert.All(new[] { "a.png", "b.JPG", "c.jpeg", "d.tif", "e.tiff", "f.bmp", "g.gif", "h.webp", "i.pdf" }, name => Assert.True(registry.TryGetReader(name, out _), name));
    }

    private static void AssertPage(IReadOnlyList<DocumentChunk> chunks, int page, string[] lines)
    {
        DocumentChunk chunk = Assert.Single(chunks, c => c.PageNumber == page);
        Assert.NotNull(chunk.OcrConfidence);
        Assert.InRange(chunk.OcrConfidence.Value, 0.8, 1.0);
        double accuracy = CharacterAccuracy(string.Join(' ', lines), chunk.Text);
        Assert.True(accuracy >= 0.98, $"Character accuracy on page {page} is {accuracy:P1}: '{chunk.Text}'");
    }

    private async Task<FolderSyncResult> SyncAsync(KnowledgeStore store, IOcrEngine? engine, IProgress<IngestionProgress>? progress = null)
    {
        var readers = new DocumentReaderRegistry().Register(PdfDocumentReaderFactory.Create(engine));
        if (engine is not null)
        {
            readers.Register(TesseractOcrFactory.CreateImageReader(engine));
        }

        var ingestor = new DocumentIngestor(store, new HashingEmbeddingGenerator(), readers);
        return await ingestor.SyncFolderAsync(_folder.Path, progress: progress, cancellationToken: Ct);
    }

    private string WriteWrapper(string name, string before)
    {
        string path = Path.Combine(_work.Path, name);
        File.WriteAllText(path, $"#!/bin/sh\n{before}\nexec tesseract \"$@\"\n");
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The wrapper is a shell script.");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>Records every report as it is made (unlike <see cref="Progress{T}"/>, which posts).</summary>
    private sealed class SynchronousProgress(List<IngestionProgress> reports) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value) => reports.Add(value);
    }
}
