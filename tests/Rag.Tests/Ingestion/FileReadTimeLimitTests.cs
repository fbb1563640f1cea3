// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using Rag.TestUtilities;

namespace Rag.Tests.Ingestion;

/// <summary>The per-file time limit of a paged document: time per page read and per OCR page, and a page that hangs still stops the file.</summary>
public sealed class FileReadTimeLimitTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();
    private readonly InMemoryKnowledgeStore _store = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task SyncFolderAsync_PagedFileLongerThanTheFileLimit_CompletesOnItsPageAllowance()
    {
        // 8 pages of 250 ms: twice the 1 s file limit, well inside 1 s + 8 × 1 s.
        var reader = new PagedReader(pages: 8, pageTime: TimeSpan.FromMilliseconds(250));
        var options = new IngestionOptions { MaxFileProcessingTime = TimeSpan.FromSeconds(1), MaxPageProcessingTime = TimeSpan.FromSeconds(1) };

        FolderSyncResult result = await SyncAsync("manual.paged", reader, options);

        Assert.Empty(result.Failed);
        Assert.Equal(["manual.paged"], result.Added);
    }

    [Fact]
    public async Task SyncFolderAsync_ScanLongerThanTheFileLimit_CompletesOnItsOcrPageAllowance()
    {
        // 3 OCR pages of 700 ms: twice the 1 s file limit, inside 1 s + 3 × 2 s; text pages earn nothing here.
        var reader = new PagedReader(pages: 3, pageTime: TimeSpan.Zero, ocrPageTime: TimeSpan.FromMilliseconds(700));
        var options = new IngestionOptions { MaxFileProcessingTime = TimeSpan.FromSeconds(1), MaxPageProcessingTime = TimeSpan.Zero, MaxOcrPageProcessingTime = TimeSpan.FromSeconds(2) };

        FolderSyncResult result = await SyncAsync("scan.paged", reader, options);

        Assert.Empty(result.Failed);
        Assert.Equal(["scan.paged"], result.Added);
    }

    [Fact]
    public async Task SyncFolderAsync_PageThatHangsAfterManyFastPages_FailsAtTheNoProgressLimitNamingFileAndSetting()
    {
        // 20 fast pages earn 200 s; the 21st hangs, and the file stops 1 s after the 20th, not 200 s later.
        var reader = new PagedReader(pages: 21, pageTime: TimeSpan.FromMilliseconds(10), hangOnPage: 21);
        var options = new IngestionOptions { MaxFileProcessingTime = TimeSpan.FromSeconds(1), MaxPageProcessingTime = TimeSpan.FromSeconds(10) };

        await AssertFailsWithinAsync(
            "long.paged",
            reader,
            options,
            "Reading 'long.paged' finished no page for 00:00:01 (IngestionOptions.MaxFileProcessingTime); stopped with 20 of 21 pages read.",
            TimeSpan.FromSeconds(1 + 7));
    }

    [Fact]
    public async Task SyncFolderAsync_OcrPageThatHangs_FailsAtTheNoProgressLimitWithOneOcrPageAllowance()
    {
        var reader = new PagedReader(pages: 2, pageTime: TimeSpan.Zero, ocrPageTime: TimeSpan.FromMilliseconds(10), hangOnPage: 2);
        var options = new IngestionOptions { MaxFileProcessingTime = TimeSpan.FromSeconds(1), MaxOcrPageProcessingTime = TimeSpan.FromSeconds(1) };

        await AssertFailsWithinAsync(
            "scan.paged",
            reader,
            options,
            "Reading 'scan.paged' finished no page for 00:00:02 (IngestionOptions.MaxFileProcessingTime + MaxOcrPageProcessingTime); stopped with 2 of 2 pages read, 1 of 2 OCR pages recognised.",
            TimeSpan.FromSeconds(2 + 7));
    }

    [Fact]
    public async Task SyncFolderAsync_PagesSlowerThanTheirAllowance_FailsNamingFileAndTheTimeItsPagesAllow()
    {
        // Each page takes 500 ms but earns 100 ms: past 2 s + n × 0.1 s after about 5 pages, although no page stalls.
        var reader = new PagedReader(pages: 40, pageTime: TimeSpan.FromMilliseconds(500));
        var options = new IngestionOptions { MaxFileProcessingTime = TimeSpan.FromSeconds(2), MaxPageProcessingTime = TimeSpan.FromMilliseconds(100) };
        long start = Stopwatch.GetTimestamp();

        FolderSyncResult result = await SyncAsync("slow.paged", reader, options);

        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        IngestionFailure failure = Assert.Single(result.Failed);
        Assert.StartsWith("Reading 'slow.paged' took longer than the ", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("its pages allow (IngestionOptions.MaxFileProcessingTime 00:00:02 + ", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("MaxPageProcessingTime 00:00:00.1000000", failure.Reason, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(15), $"The sync took {elapsed}.");
    }

    private async Task AssertFailsWithinAsync(string name, PagedReader reader, IngestionOptions options, string reason, TimeSpan within)
    {
        long start = Stopwatch.GetTimestamp();

        FolderSyncResult result = await SyncAsync(name, reader, options);

        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        Assert.Equal(reason, Assert.Single(result.Failed).Reason);
        Assert.True(elapsed < within, $"The sync took {elapsed}.");
    }

    private async Task<FolderSyncResult> SyncAsync(string name, PagedReader reader, IngestionOptions options)
    {
        _folder.WriteFile(name, "paged content");
        var ingestor = new DocumentIngestor(_store, new HashingEmbeddingGenerator(), new DocumentReaderRegistry().Register(reader));
        return await ingestor.SyncFolderAsync(_folder.Path, options, cancellationToken: Ct);
    }

    /// <summary>A reader of <c>.paged</c> files that takes a set time per page, then per OCR page, reporting each, and can hang on one page.</summary>
    private sealed class PagedReader(int pages, TimeSpan pageTime, TimeSpan? ocrPageTime = null, int hangOnPage = 0) : IDocumentReader
    {
        public IReadOnlyCollection<string> Extensions => [".paged"];

        public Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
            ReadWithProgressAsync(content, fileName, null, cancellationToken);

        public async Task<ExtractedDocument> ReadWithProgressAsync(Stream content, string fileName, IProgress<DocumentReadProgress>? progress, CancellationToken cancellationToken = default)
        {
            bool ocr = ocrPageTime is not null;
            var state = new DocumentReadProgress { Pages = pages };
            progress?.Report(state);
            for (int page = 1; page <= pages; page++)
            {
                await Task.Delay(!ocr && page == hangOnPage ? Timeout.InfiniteTimeSpan : pageTime, cancellationToken);
                state = state with { PagesRead = page };
                progress?.Report(state);
            }

            if (ocr)
            {
                state = state with { OcrPages = pages };
                progress?.Report(state);
                for (int page = 1; page <= pages; page++)
                {
                    await Task.Delay(page == hangOnPage ? Timeout.InfiniteTimeSpan : ocrPageTime!.Value, cancellationToken);
                    state = state with { OcrPagesDone = page };
                    progress?.Report(state);
                }
            }

            return new ExtractedDocument { Blocks = [.. Enumerable.Range(1, pages).Select(p => new DocumentBlock { Text = $"Text of page {p}.", PageNumber = p })] };
        }
    }
}
