// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Rag.WebApi.Tests;

namespace Rag.Reliability;

/// <summary>
/// Hostile requests against the WebApi sample running as its own process on loopback (API key on, small limits): each
/// case's expected and actual status, then many SSE clients leaving mid-answer and the server's resources before and after.
/// </summary>
internal sealed class HostileRequestCampaign(string workDirectory, string? modelPath)
{
    public const string ApiKey = "reliability-campaign-key";
    public const int MaxUploadBytes = 1024 * 1024;
    public const int MaxRequestBodyBytes = 64 * 1024;
    public const int MinRequestBodyBytesPerSecond = 1000;
    public const int GraceSeconds = 2;
    private const string Boundary = "----rag-hostile";

    /// <summary>Runs every case, then <paramref name="streamClients"/> SSE clients that disconnect mid-stream (twice: a warm-up round, then the measured one).</summary>
    public async Task<HostileRequestResult> RunAsync(int streamClients, CancellationToken cancellationToken)
    {
        string documents = Path.Combine(workDirectory, "documents");
        Directory.CreateDirectory(documents);
        CorpusGenerator.WriteFolder(documents, 20, 7);
        var settings = new Dictionary<string, string>
        {
            ["Knowledge:DocumentsFolder"] = documents,
            ["Knowledge:IndexPath"] = Path.Combine(workDirectory, "index.db"),
            ["Knowledge:ApiKey"] = ApiKey,
            ["Knowledge:RequestsPerMinute"] = "100000",
            ["Knowledge:MaxUploadBytes"] = MaxUploadBytes.ToString(CultureInfo.InvariantCulture),
            ["Knowledge:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(CultureInfo.InvariantCulture),
            ["Knowledge:MinRequestBodyBytesPerSecond"] = MinRequestBodyBytesPerSecond.ToString(CultureInfo.InvariantCulture),
            ["Knowledge:RequestBodyGracePeriodSeconds"] = GraceSeconds.ToString(CultureInfo.InvariantCulture),
        };
        if (modelPath is not null)
        {
            settings["Knowledge:ModelPath"] = modelPath;
        }

        await using WebApiServerProcess server = await WebApiServerProcess.StartAsync(settings, cancellationToken);
        using HttpClient client = CreateClient(server.Address, ApiKey);
        await WebApiServerProcess.WaitForSyncAsync(client, null, TimeSpan.FromMinutes(5), cancellationToken);

        var result = new HostileRequestResult();
        foreach ((string name, string expected, Func<Uri, CancellationToken, Task<string>> run) in Cases(documents))
        {
            string actual;
            try
            {
                actual = await run(server.Address, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                actual = $"{e.GetType().Name}: {e.Message}";
            }

            result.Cases.Add(new HostileCase(name, expected, actual));
        }

        result.OutsideDocuments = [.. Directory.EnumerateFiles(workDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(documents + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("index.db", StringComparison.Ordinal))];
        result.Leftovers = Directory.GetFiles(documents, "*.uploading").Length;

        // SSE clients leaving mid-answer: a warm-up round fills every pool, then the measured round.
        await DisconnectRoundAsync(server.Address, streamClients, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        result.Before = server.ReadResources();
        (result.StreamsOpened, result.StreamsFinishedBeforeLeaving) = await DisconnectRoundAsync(server.Address, streamClients, cancellationToken);
        var settle = Stopwatch.StartNew();
        while (server.ReadResources().FileDescriptors > result.Before.FileDescriptors && settle.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(100, cancellationToken);
        }

        result.After = server.ReadResources();
        var full = Stopwatch.StartNew();
        result.FullAnswerAfter = await AskToTheEndAsync(client, cancellationToken) == "done" ? full.Elapsed : null;
        result.StreamClients = streamClients;
        return result;
    }

    private static HttpClient CreateClient(Uri address, string? key)
    {
        var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    private static IEnumerable<(string Name, string Expected, Func<Uri, CancellationToken, Task<string>> Run)> Cases(string documents)
    {
        yield return ("GET /api/documents without API key", "401", (a, ct) => StatusAsync(a, null, HttpMethod.Get, "/api/documents", null, ct));
        yield return ("POST /api/ask with a wrong API key", "401", (a, ct) => StatusAsync(a, "wrong", HttpMethod.Post, "/api/ask", Json("{\"question\":\"x\"}"), ct));
        yield return ("POST /api/documents (an upload) without API key", "401", (a, ct) => StatusAsync(a, null, HttpMethod.Post, "/api/documents", Upload("a.md", "x"), ct));
        yield return ("DELETE /api/documents/{id} with a wrong API key", "401", (a, ct) => StatusAsync(a, "wrong", HttpMethod.Delete, "/api/documents/x", null, ct));
        yield return ("POST /api/ingestion without API key", "401", (a, ct) => StatusAsync(a, null, HttpMethod.Post, "/api/ingestion", null, ct));
        yield return ("Upload named `../escape.md`", "400", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Post, "/api/documents", Upload("../escape.md", "x"), ct));
        yield return ("Upload named `..%2F..%2Fescape.md` (RFC 5987 filename*)", "400", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Post, "/api/documents", Upload("..%2F..%2Fescape.md", "x", encoded: true), ct));
        yield return ("Upload named `/tmp/absolute.md`", "202, saved as absolute.md in the folder", async (a, ct) =>
        {
            string status = await StatusAsync(a, ApiKey, HttpMethod.Post, "/api/documents", Upload("/tmp/absolute.md", "x"), ct);
            return File.Exists(Path.Combine(documents, "absolute.md")) && !File.Exists("/tmp/absolute.md") ? status + ", saved as absolute.md in the folder" : status + ", NOT in the folder";
        });
        yield return ("Upload named `nul\\0.md` (NUL byte)", "400", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Post, "/api/documents", Upload("nul%00.md", "x", encoded: true), ct));
        yield return ("Upload named `CON.md` (reserved device name)", "400", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Post, "/api/documents", Upload("CON.md", "x"), ct));
        yield return ("Upload with a 153-character name of 303 UTF-8 bytes", "400", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Post, "/api/documents", Upload(new string('\u00e9', 150) + ".md", "x"), ct));
        yield return ($"Upload announcing 100x the {MaxUploadBytes / 1024} KiB limit, then sending only the part header", "413", (a, ct) => AnnouncedOversizeAsync(a, ct));
        yield return ($"Upload trickled at 500 B/s (minimum {MinRequestBodyBytesPerSecond} B/s after {GraceSeconds} s)", "408", (a, ct) => TrickleAsync(a, ct));
        yield return ("POST /api/ask with malformed JSON", "400", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Post, "/api/ask", Json("{\"question\": \"unterminated"), ct));
        yield return ("POST /api/ask with `question` a number", "400", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Post, "/api/ask", Json("{\"question\": 42}"), ct));
        yield return ("POST /api/ask with JSON nested 10,000 deep", "400", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Post, "/api/ask", Json($"{{\"question\":\"x\",\"history\":{new string('[', 10_000)}{new string(']', 10_000)}}}"), ct));
        yield return ("POST /api/ask as text/plain", "415", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Post, "/api/ask", new StringContent("question=x", Encoding.UTF8, "text/plain"), ct));
        yield return ("POST /api/ask with a 2,001-character question", "400", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Post, "/api/ask", Json($"{{\"question\":\"{new string('q', 2001)}\"}}"), ct));
        yield return ("POST /api/ask with 20,000 characters of history", "400", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Post, "/api/ask", Json($"{{\"question\":\"x\",\"history\":[{{\"role\":\"user\",\"content\":\"{new string('h', 20_000)}\"}}]}}"), ct));
        yield return ($"POST /api/ask with a 128 KiB question (body limit {MaxRequestBodyBytes / 1024} KiB)", "413", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Post, "/api/ask", Json($"{{\"question\":\"{new string('q', 128 * 1024)}\"}}"), ct));
        yield return ("POST /api/ask/stream with a chunked body past the limit", "413", (a, ct) => ChunkedOversizeAsync(a, ct));
        yield return ("GET /api/search with a 20,000-character query string", "414 (no ProblemDetails body)", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Get, "/api/search?q=" + new string('a', 20_000), null, ct));
        yield return ("GET /api/search with `top=ten`", "400", (a, ct) => StatusAsync(a, ApiKey, HttpMethod.Get, "/api/search?q=x&top=ten", null, ct));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Upload(string fileName, string text, bool encoded = false)
    {
        string disposition = encoded ? $"filename*=UTF-8''{fileName}" : $"filename=\"{fileName}\"";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"files\"; {disposition}\r\nContent-Type: text/plain\r\n\r\n{text}\r\n--{Boundary}--\r\n"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        return content;
    }

    private static async Task<string> StatusAsync(Uri address, string? key, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using HttpClient client = CreateClient(address, key);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using HttpResponseMessage response = await client.SendAsync(request, cancellationToken);
        string problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" || (int)response.StatusCode < 400 ? string.Empty : " (no ProblemDetails body)";
        return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) + problem;
    }

    private static async Task<string> AnnouncedOversizeAsync(Uri address, CancellationToken cancellationToken)
    {
        await using RawHttpConnection connection = await RawHttpConnection.OpenAsync(address, cancellationToken);
        await connection.SendHeadAsync("POST", "/api/documents", [$"X-Api-Key: {ApiKey}", $"Content-Type: multipart/form-data; boundary={Boundary}", $"Content-Length: {MaxUploadBytes * 100L}"], cancellationToken);
        await connection.TrySendAsync(Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n\r\n"), cancellationToken);
        return Describe(await connection.ReadStatusAsync(TimeSpan.FromSeconds(10), cancellationToken));
    }

    private static async Task<string> ChunkedOversizeAsync(Uri address, CancellationToken cancellationToken)
    {
        await using RawHttpConnection connection = await RawHttpConnection.OpenAsync(address, cancellationToken);
        await connection.SendHeadAsync("POST", "/api/ask/stream", [$"X-Api-Key: {ApiKey}", "Content-Type: application/json", "Transfer-Encoding: chunked"], cancellationToken);
        byte[] chunk = Encoding.ASCII.GetBytes($"4000\r\n{new string(' ', 0x4000)}\r\n");
        for (int sent = 0; sent < MaxRequestBodyBytes * 4 && await connection.TrySendAsync(chunk, cancellationToken); sent += 0x4000)
        {
        }

        return Describe(await connection.ReadStatusAsync(TimeSpan.FromSeconds(10), cancellationToken));
    }

    private static async Task<string> TrickleAsync(Uri address, CancellationToken cancellationToken)
    {
        await using RawHttpConnection connection = await RawHttpConnection.OpenAsync(address, cancellationToken);
        await connection.SendHeadAsync("POST", "/api/documents", [$"X-Api-Key: {ApiKey}", $"Content-Type: multipart/form-data; boundary={Boundary}", "Content-Length: 100000"], cancellationToken);
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task trickle = Task.Run(
            async () =>
            {
                byte[] bytes = Encoding.ASCII.GetBytes(new string('x', 100));
                while (!stop.IsCancellationRequested && await connection.TrySendAsync(bytes, CancellationToken.None))
                {
                    await Task.Delay(200, CancellationToken.None);
                }
            },
            CancellationToken.None);
        int? status = await connection.ReadStatusAsync(TimeSpan.FromSeconds(30), cancellationToken);
        await stop.CancelAsync();
        await trickle;
        return Describe(status) + string.Create(CultureInfo.InvariantCulture, $" after {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static string Describe(int? status) => status?.ToString(CultureInfo.InvariantCulture) ?? "connection closed without a response";

    private static async Task<(int Opened, int Finished)> DisconnectRoundAsync(Uri address, int clients, CancellationToken cancellationToken)
    {
        string?[] last = await Task.WhenAll(Enumerable.Range(0, clients).Select(i => DisconnectAsync(address, afterDelta: i % 2 == 1, cancellationToken)));
        return (last.Count(e => e is not null), last.Count(e => e == "done"));
    }

    // Reads up to the first 'sources' (or 'delta') event, then closes the connection; returns the last event read.
    private static async Task<string?> DisconnectAsync(Uri address, bool afterDelta, CancellationToken cancellationToken)
    {
        using HttpClient client = CreateClient(address, ApiKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask/stream") { Content = JsonContent.Create(new { question = "What does the travel policy cover?" }) };
        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? last = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                last = line[6..].Trim();
                if (last == "done" || last == (afterDelta ? "delta" : "sources"))
                {
                    break;
                }
            }
        }

        return last;
    }

    private static async Task<string?> AskToTheEndAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask/stream") { Content = JsonContent.Create(new { question = "What does the travel policy cover?" }) };
        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Contains("event: done", StringComparison.Ordinal) ? "done" : null;
    }
}

/// <summary>One hostile request case: what was expected and what happened.</summary>
internal sealed record HostileCase(string Name, string Expected, string Actual)
{
    public bool Passed => Actual == Expected || Actual.StartsWith(Expected + " after", StringComparison.Ordinal);
}

/// <summary>The figures of the hostile-request run.</summary>
internal sealed class HostileRequestResult
{
    public List<HostileCase> Cases { get; } = [];

    public IReadOnlyList<string> OutsideDocuments { get; set; } = [];

    public int Leftovers { get; set; }

    public int StreamClients { get; set; }

    public int StreamsOpened { get; set; }

    public int StreamsFinishedBeforeLeaving { get; set; }

    public ServerResources? Before { get; set; }

    public ServerResources? After { get; set; }

    public TimeSpan? FullAnswerAfter { get; set; }
}
