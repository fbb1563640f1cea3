// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Rag.WebApi.Tests.Hostile;

/// <summary>Limits only a real socket shows: oversized bodies refused before they are read, trickling clients cut off, huge request lines.</summary>
public sealed class LoopbackLimitsTests(LoopbackServiceFactory factory) : IClassFixture<LoopbackServiceFactory>
{
    private const string Boundary = "----rag-hostile";

    [Fact]
    public async Task Upload_ContentLengthOverLimit_Returns413BeforeTheBodyIsSent()
    {
        // Arrange: a client that announces more than the limit and then sends almost nothing.
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using RawHttpConnection connection = await RawHttpConnection.OpenAsync(factory.Address, ct);
        long announced = factory.MaxUploadBytes * 100;

        // Act
        await connection.SendHeadAsync("POST", "/api/documents", [$"Content-Type: multipart/form-data; boundary={Boundary}", $"Content-Length: {announced}"], ct);
        await connection.TrySendAsync(Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n\r\nxxxx"), ct);
        int? status = await connection.ReadStatusAsync(TimeSpan.FromSeconds(10), ct);

        // Assert: refused from the header alone (the other ~100 MiB were never sent), and nothing saved.
        Assert.Equal(413, status);
        Assert.False(File.Exists(Path.Combine(factory.DocumentsFolder, "big.txt")));
    }

    [Fact]
    public async Task Ask_JsonBodyOverLimit_Returns413ProblemDetails()
    {
        string question = new('q', LoopbackServiceFactory.MaxRequestBodyBytes * 2);
        using HttpClient client = factory.CreateClient();
        using var content = new StringContent($"{{\"question\":\"{question}\"}}", Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await client.PostAsync(new Uri("/api/ask", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AskStream_ChunkedBodyPastLimit_Returns413()
    {
        // Arrange: no Content-Length, so the server can only count as it reads.
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using RawHttpConnection connection = await RawHttpConnection.OpenAsync(factory.Address, ct);
        await connection.SendHeadAsync("POST", "/api/ask/stream", ["Content-Type: application/json", "Transfer-Encoding: chunked"], ct);
        byte[] chunk = Encoding.ASCII.GetBytes($"4000\r\n{new string(' ', 0x4000)}\r\n");

        // Act: stream 4x the limit, stopping early if the server hangs up.
        for (int sent = 0; sent < LoopbackServiceFactory.MaxRequestBodyBytes * 4 && await connection.TrySendAsync(chunk, ct); sent += 0x4000)
        {
        }

        // Assert
        Assert.Equal(413, await connection.ReadStatusAsync(TimeSpan.FromSeconds(10), ct));
    }

    [Fact]
    public async Task Upload_TricklingClient_IsCutOffWith408()
    {
        // Arrange: 100 kB announced, then 100 bytes every 200 ms: 500 B/s, half the configured minimum rate but twice
        // Kestrel's default (240 B/s), so only the service's own setting can cut it off.
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using RawHttpConnection connection = await RawHttpConnection.OpenAsync(factory.Address, ct);
        await connection.SendHeadAsync("POST", "/api/documents", [$"Content-Type: multipart/form-data; boundary={Boundary}", "Content-Length: 100000"], ct);
        await connection.TrySendAsync(Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"slow.txt\"\r\n\r\n"), ct);
        var clock = Stopwatch.StartNew();

        // Act: trickle in the background while waiting for the server to act.
        using var stopTrickle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task trickle = TrickleAsync(connection, stopTrickle.Token);
        int? status = await connection.ReadStatusAsync(TimeSpan.FromSeconds(30), ct);
        TimeSpan cutOffAfter = clock.Elapsed;
        await stopTrickle.CancelAsync();
        await trickle;

        // Assert: Request Timeout, soon after the grace period; no upload (not even its temporary file) left behind.
        Assert.Equal(408, status);
        Assert.InRange(cutOffAfter, TimeSpan.FromSeconds(LoopbackServiceFactory.RequestBodyGracePeriodSeconds - 0.5), TimeSpan.FromSeconds(15));
        Assert.Empty(Directory.Exists(factory.DocumentsFolder) ? Directory.GetFiles(factory.DocumentsFolder, "*slow*") : []);
    }

    [Fact]
    public async Task Search_QueryStringBeyondRequestLineLimit_Returns414()
    {
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync(new Uri("/api/search?q=" + new string('a', 20_000), UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task Upload_UnderUploadLimitButOverJsonLimit_IsAccepted()
    {
        // The 64 KiB JSON limit is set on the whole /api group; the upload endpoint must raise it to MaxUploadBytes.
        string content = string.Create(CultureInfo.InvariantCulture, $"# Large\n\n{string.Join(' ', Enumerable.Repeat("The stapler budget is forty euros.", 6000))}\n");
        Assert.True(content.Length > LoopbackServiceFactory.MaxRequestBodyBytes * 2 && content.Length < factory.MaxUploadBytes);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await KnowledgeApi.UploadAsync(client, "large-but-allowed.md", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(content.Length, new FileInfo(Path.Combine(factory.DocumentsFolder, "large-but-allowed.md")).Length);
    }

    private static async Task TrickleAsync(RawHttpConnection connection, CancellationToken cancellationToken)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(new string('x', 100));
        try
        {
            while (await connection.TrySendAsync(bytes, cancellationToken))
            {
                await Task.Delay(200, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // the test has its answer
        }
    }
}
