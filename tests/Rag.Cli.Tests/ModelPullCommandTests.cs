// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary><c>model pull</c> when it cannot download: unknown names, plain http, an unreachable or a silent server.</summary>
public sealed class ModelPullCommandTests
{
    [Fact]
    public async Task ModelPull_UnknownName_ExitsNotFoundListingTheCatalog()
    {
        using var models = new TemporaryDirectory();

        CliResult result = (await PullAsync(models, "nosuchmodel")).AssertExitCode(3);

        Assert.Contains("No model is named 'nosuchmodel'", result.FlatStandardError, StringComparison.Ordinal);
        Assert.Contains("qwen2.5-0.5b-instruct", result.FlatStandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelPull_PlainHttpUrl_IsRefusedAsUsageError()
    {
        using var models = new TemporaryDirectory();

        CliResult result = (await PullAsync(models, "http://127.0.0.1:9/models/tiny.gguf")).AssertExitCode(2);

        Assert.Contains("--allow-http", result.FlatStandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(models.Path));
    }

    [Fact]
    public async Task ModelPull_ServerUnreachable_ExitsModelErrorWithTheManualRoute()
    {
        using var models = new TemporaryDirectory();
        string url = $"https://127.0.0.1:{ClosedPort()}/models/tiny.gguf";

        CliResult result = (await PullAsync(models, url)).AssertExitCode(5);

        Assert.Contains($"Could not download {url}", result.FlatStandardError, StringComparison.Ordinal);
        Assert.Contains($"'{Path.Combine(models.Path, "tiny.gguf")}'", result.FlatStandardError, StringComparison.Ordinal);
        Assert.Contains("--model path/to/tiny.gguf", result.FlatStandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("HttpRequestException", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelPull_ServerAcceptsButNeverAnswers_TimesOut()
    {
        // Arrange: a server that accepts connections and then says nothing, not even the TLS handshake.
        using var models = new TemporaryDirectory();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new ConcurrentBag<TcpClient>();
        Task acceptLoop = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptTcpClientAsync(TestContext.Current.CancellationToken));
            }
        },
        TestContext.Current.CancellationToken);
        string url = $"https://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/models/tiny.gguf";

        // Act
        var stopwatch = Stopwatch.StartNew();
        CliResult result = await PullAsync(models, url, new Dictionary<string, string> { ["RAG_DOWNLOAD_TIMEOUT_S"] = "2" });

        // Assert
        result.AssertExitCode(5);
        Assert.Contains("no answer within 2 s", result.FlatStandardError, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"The pull took {stopwatch.Elapsed} against a 2 s timeout.");
        silent.Stop();
        foreach (TcpClient client in accepted)
        {
            client.Dispose();
        }

        await Assert.ThrowsAnyAsync<Exception>(() => acceptLoop);
    }

    private static Task<CliResult> PullAsync(TemporaryDirectory models, string nameOrUrl, IReadOnlyDictionary<string, string>? environment = null) =>
        CliProcess.RunAsync(models.Path, ["model", "pull", nameOrUrl, "--models-dir", models.Path], environment);

    /// <summary>A loopback port nothing listens on: one the system just handed out and that was closed again.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
