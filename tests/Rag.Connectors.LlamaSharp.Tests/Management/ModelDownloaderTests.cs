// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;
using Rag.TestUtilities;

namespace Rag.Connectors.LlamaSharp.Tests.Management;

public sealed class ModelDownloaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Model => File.ReadAllBytes(TinyModel.Path);

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task DownloadAsync_Fresh_WritesVerifiedFileAndReportsProgress()
    {
        byte[] model = Model;
        await using var server = new LoopbackFileServer(model);
        using var dir = new TemporaryDirectory();
        using var http = new HttpClient();
        string destination = Path.Combine(dir.Path, "m.gguf");
        var reports = new List<ModelDownloadProgress>();

        string sha = await new ModelDownloader(http).DownloadAsync(server.Url("m.gguf"), destination, model.Length, Sha256(model), new SyncProgress(reports), Ct);

        Assert.Equal(Sha256(model), sha);
        Assert.Equal(model, await File.ReadAllBytesAsync(destination, Ct));
        Assert.False(File.Exists(destination + ".partial"));
        Assert.Equal(new ModelDownloadProgress(model.Length, model.Length, 0), reports[^1]);
        Assert.Equal([null], server.RangeHeaders);
    }

    [Fact]
    public async Task DownloadAsync_InterruptedThenRetried_ResumesWithRangeRequest()
    {
        byte[] model = Model;
        await using var server = new LoopbackFileServer(model);
        using var dir = new TemporaryDirectory();
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http) { MaxAttempts = 1 };
        string destination = Path.Combine(dir.Path, "m.gguf");
        server.FailNextAfter(400_000);

        await Assert.ThrowsAsync<HttpRequestException>(() => downloader.DownloadAsync(server.Url("m.gguf"), destination, cancellationToken: Ct));
        long partialLength = new FileInfo(destination + ".partial").Length;
        Assert.False(File.Exists(destination));
        Assert.InRange(partialLength, 1, model.Length - 1);

        var reports = new List<ModelDownloadProgress>();
        string sha = await downloader.DownloadAsync(server.Url("m.gguf"), destination, model.Length, Sha256(model), new SyncProgress(reports), Ct);

        Assert.Equal([null, $"bytes={partialLength}-"], server.RangeHeaders);
        Assert.Equal(partialLength, reports[0].ResumedFromBytes);
        Assert.Equal(model.Length, reports[^1].BytesDownloaded);
        Assert.Equal(Sha256(model), sha);
        Assert.Equal(model, await File.ReadAllBytesAsync(destination, Ct));
        Assert.False(File.Exists(destination + ".partial"));
    }

    [Fact]
    public async Task DownloadAsync_ConnectionBreaksTwice_RetriesAndResumesEachTime()
    {
        byte[] model = Model;
        await using var server = new LoopbackFileServer(model);
        using var dir = new TemporaryDirectory();
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http) { RetryDelay = TimeSpan.Zero };
        string destination = Path.Combine(dir.Path, "m.gguf");
        server.FailNextAfter(300_000, times: 2);

        string sha = await downloader.DownloadAsync(server.Url("m.gguf"), destination, model.Length, Sha256(model), cancellationToken: Ct);

        Assert.Equal(Sha256(model), sha);
        Assert.Equal(model, await File.ReadAllBytesAsync(destination, Ct));
        Assert.Equal([null, "bytes=300000-", "bytes=600000-"], server.RangeHeaders);
    }

    [Fact]
    public async Task DownloadAsync_ConnectionBreaksOnEveryAttempt_ThrowsAfterMaxAttemptsAndKeepsThePartialFile()
    {
        byte[] model = Model;
        await using var server = new LoopbackFileServer(model);
        using var dir = new TemporaryDirectory();
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http) { MaxAttempts = 3, RetryDelay = TimeSpan.Zero };
        string destination = Path.Combine(dir.Path, "m.gguf");
        server.FailNextAfter(100_000, times: 3);

        await Assert.ThrowsAsync<HttpRequestException>(() => downloader.DownloadAsync(server.Url("m.gguf"), destination, cancellationToken: Ct));

        Assert.Equal(3, server.RangeHeaders.Count);
        Assert.Equal(300_000, new FileInfo(destination + ".partial").Length);
        Assert.False(File.Exists(destination));
    }

    [Fact]
    public async Task DownloadAsync_CanceledThenRetried_Resumes()
    {
        byte[] model = Model;
        await using var server = new LoopbackFileServer(model);
        using var dir = new TemporaryDirectory();
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http);
        string destination = Path.Combine(dir.Path, "m.gguf");
        string partial = destination + ".partial";
        await File.WriteAllBytesAsync(partial, model[..300_000], Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => downloader.DownloadAsync(server.Url("m.gguf"), destination, cancellationToken: cts.Token));
        Assert.Equal(300_000, new FileInfo(partial).Length); // kept for the next attempt

        await downloader.DownloadAsync(server.Url("m.gguf"), destination, expectedSha256: Sha256(model), cancellationToken: Ct);

        Assert.Equal(model, await File.ReadAllBytesAsync(destination, Ct));
        Assert.Contains("bytes=300000-", server.RangeHeaders);
    }

    [Fact]
    public async Task DownloadAsync_CorruptedBody_RejectedAndDeleted()
    {
        byte[] model = Model;
        await using var server = new LoopbackFileServer(model) { CorruptByteAt = 600_000 };
        using var dir = new TemporaryDirectory();
        using var http = new HttpClient();
        string destination = Path.Combine(dir.Path, "m.gguf");

        InvalidDataException e = await Assert.ThrowsAsync<InvalidDataException>(() => new ModelDownloader(http).DownloadAsync(server.Url("m.gguf"), destination, model.Length, Sha256(model), cancellationToken: Ct));

        Assert.Contains("SHA-256", e.Message, StringComparison.Ordinal);
        Assert.Contains(Sha256(model), e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(destination));
        Assert.False(File.Exists(destination + ".partial"));
    }

    [Fact]
    public async Task DownloadAsync_WrongSize_RejectedAndDeleted()
    {
        byte[] model = Model;
        await using var server = new LoopbackFileServer(model);
        using var dir = new TemporaryDirectory();
        using var http = new HttpClient();
        string destination = Path.Combine(dir.Path, "m.gguf");

        await Assert.ThrowsAsync<InvalidDataException>(() => new ModelDownloader(http).DownloadAsync(server.Url("m.gguf"), destination, model.Length + 1, cancellationToken: Ct));

        Assert.False(File.Exists(destination));
        Assert.False(File.Exists(destination + ".partial"));
    }

    [Fact]
    public async Task DownloadAsync_NotGguf_RejectedAndDeleted()
    {
        await using var server = new LoopbackFileServer(Encoding.UTF8.GetBytes("<html><body>Please log in to download this model.</body></html>"));
        using var dir = new TemporaryDirectory();
        using var http = new HttpClient();
        string destination = Path.Combine(dir.Path, "m.gguf");

        await Assert.ThrowsAsync<InvalidModelFileException>(() => new ModelDownloader(http).DownloadAsync(server.Url("m.gguf"), destination, cancellationToken: Ct));

        Assert.False(File.Exists(destination));
        Assert.False(File.Exists(destination + ".partial"));
    }

    [Fact]
    public async Task DownloadAsync_ServerIgnoresRange_StartsOver()
    {
        byte[] model = Model;
        await using var server = new LoopbackFileServer(model) { IgnoreRange = true };
        using var dir = new TemporaryDirectory();
        using var http = new HttpClient();
        string destination = Path.Combine(dir.Path, "m.gguf");
        await File.WriteAllBytesAsync(destination + ".partial", new byte[1000], Ct); // junk that must not survive

        await new ModelDownloader(http).DownloadAsync(server.Url("m.gguf"), destination, expectedSha256: Sha256(model), cancellationToken: Ct);

        Assert.Equal(model, await File.ReadAllBytesAsync(destination, Ct));
    }

    [Fact]
    public async Task DownloadAsync_PartialAlreadyComplete_FinishesWithoutBody()
    {
        byte[] model = Model;
        await using var server = new LoopbackFileServer(model);
        using var dir = new TemporaryDirectory();
        using var http = new HttpClient();
        string destination = Path.Combine(dir.Path, "m.gguf");
        await File.WriteAllBytesAsync(destination + ".partial", model, Ct);

        await new ModelDownloader(http).DownloadAsync(server.Url("m.gguf"), destination, expectedSha256: Sha256(model), cancellationToken: Ct);

        Assert.Equal([$"bytes={model.Length}-"], server.RangeHeaders);
        Assert.Equal(model, await File.ReadAllBytesAsync(destination, Ct));
    }

    /// <summary>Records progress synchronously (Progress{T} would post to the thread pool and race the assertions).</summary>
    private sealed class SyncProgress(List<ModelDownloadProgress> reports) : IProgress<ModelDownloadProgress>
    {
        public void Report(ModelDownloadProgress value) => reports.Add(value);
    }
}
