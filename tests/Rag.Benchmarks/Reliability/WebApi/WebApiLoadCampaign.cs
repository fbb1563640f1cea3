// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Rag.Reliability;

/// <summary>
/// Load through the WebApi over loopback: concurrent HTTP askers (JSON and SSE) and searchers while one ingester changes
/// the documents through the API (uploads, deletions, POST /api/ingestion) and waits for each background sync.
/// Every returned passage must appear whole in one written version of its file.
/// </summary>
internal sealed class WebApiLoadCampaign(string workDirectory, int workers, int documents, int seed)
{
    /// <summary>The searches sent after the idle reading, so the GC and the pools run once more before the last reading.</summary>
    public const int LightSearches = 50;

    private static readonly TimeSpan s_watchdog = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan s_idle = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(10);

    private readonly ChunkVersionRegistry _registry = new();

    /// <summary>Runs the load for <paramref name="duration"/>.</summary>
    public async Task<WebApiLoadResult> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        string folder = Path.Combine(workDirectory, "documents");
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        for (int i = 0; i < documents; i++)
        {
            string text = CorpusGenerator.Document(i, 0, random);
            _registry.Register(i, 0, text);
            File.WriteAllText(Path.Combine(folder, ChunkVersionRegistry.FileName(i)), text);
        }

        await using WebApiServerProcess server = await WebApiServerProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["Knowledge:DocumentsFolder"] = folder,
                ["Knowledge:IndexPath"] = Path.Combine(workDirectory, "index.db"),
                ["Knowledge:RequestsPerMinute"] = "100000",
            },
            cancellationToken);
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = s_watchdog };
        await WebApiServerProcess.WaitForSyncAsync(client, null, TimeSpan.FromMinutes(5), cancellationToken);

        await WarmUpAsync(client, workers, cancellationToken);
        var result = new WebApiLoadResult { ResourcesBefore = server.ReadResources() };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        Task ingesting = IngestLoopAsync(client, folder, documents, random.Next(), result, clock, duration, stop.Token);
        Task[] querying = [.. Enumerable.Range(0, workers).Select(w => QueryLoopAsync(server.Address, w, seed + w, result, clock, duration, stop.Token))];
        try
        {
            await Task.WhenAll([ingesting, .. querying]).WaitAsync(duration + (2 * s_watchdog), cancellationToken);
        }
        catch (TimeoutException)
        {
            Interlocked.Increment(ref result.TimeoutCount);
            result.Errors.Add("The campaign did not finish within its duration plus two watchdog periods (deadlock).");
            await stop.CancelAsync();
        }

        result.Elapsed = clock.Elapsed;
        result.ResourcesAfter = server.ReadResources();
        await WebApiServerProcess.WaitForSyncAsync(client, null, TimeSpan.FromMinutes(5), cancellationToken);
        await Task.Delay(s_idle, cancellationToken);
        result.ResourcesAfterIdle = server.ReadResources();
        for (int i = 0; i < LightSearches; i++)
        {
            using HttpResponseMessage response = await client.GetAsync(new Uri("/api/search?top=5&q=leave", UriKind.Relative), cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        await Task.Delay(s_settle, cancellationToken);
        result.ResourcesAfterLightTraffic = server.ReadResources();
        return result;
    }

    // An edit replaces the file of that name, which the API refuses (409) without overwrite=true.
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string name, string text, bool overwrite, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var file = new StringContent(text, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "files", name);
        return await client.PostAsync(new Uri(overwrite ? "/api/documents?overwrite=true" : "/api/documents", UriKind.Relative), form, cancellationToken);
    }

    private async Task IngestLoopAsync(HttpClient client, string folder, int documents, int ingestSeed, WebApiLoadResult result, Stopwatch clock, TimeSpan duration, CancellationToken cancellationToken)
    {
        var random = new Random(ingestSeed);
        var versions = Enumerable.Range(0, documents).ToDictionary(i => i, _ => 0);
        int next = documents;
        while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                DateTimeOffset requested = TimeProvider.System.GetUtcNow();
                for (int change = 0; change < 3; change++)
                {
                    int kind = random.Next(3);
                    if (kind == 2 && versions.Count > 10)
                    {
                        // Deleted on disk; POST /api/ingestion below makes the sync notice.
                        int deleted = versions.Keys.ElementAt(random.Next(versions.Count));
                        versions.Remove(deleted);
                        File.Delete(Path.Combine(folder, ChunkVersionRegistry.FileName(deleted)));
                        result.Deleted++;
                        continue;
                    }

                    // Added or edited through POST /api/documents (saved atomically, then a sync is queued).
                    int file = kind == 1 && versions.Count > 0 ? versions.Keys.ElementAt(random.Next(versions.Count)) : next++;
                    int version = versions.TryGetValue(file, out int previous) ? previous + 1 : 0;
                    versions[file] = version;
                    string text = CorpusGenerator.Document(file, version, random);
                    _registry.Register(file, version, text);
                    using HttpResponseMessage upload = await UploadAsync(client, ChunkVersionRegistry.FileName(file), text, overwrite: version > 0, cancellationToken);
                    Expect(upload, 202, "upload", result);
                    if (version == 0)
                    {
                        result.Added++;
                    }
                    else
                    {
                        result.Edited++;
                    }
                }

                using (HttpResponseMessage sync = await client.PostAsync(new Uri("/api/ingestion", UriKind.Relative), null, cancellationToken))
                {
                    Expect(sync, 202, "POST /api/ingestion", result);
                }

                JsonElement status = await WebApiServerProcess.WaitForSyncAsync(client, requested, s_watchdog, cancellationToken);
                if (status.GetProperty("lastError").GetString() is { } error)
                {
                    result.Errors.Add("sync error: " + error);
                }

                foreach (JsonElement failure in status.GetProperty("lastResult").GetProperty("failed").EnumerateArray())
                {
                    result.Errors.Add("sync failure: " + failure);
                }

                result.Syncs++;
            }
            catch (TimeoutException e)
            {
                Interlocked.Increment(ref result.TimeoutCount);
                result.Errors.Add("ingester: " + e.Message);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result.Errors.Add("ingester: " + e.GetType().Name + ": " + e.Message);
            }
        }
    }

    // Every query path once per worker, concurrently, so the "before" reading holds what the first requests load for good
    // (JIT code, connection and buffer pools, caches), and the load's growth is what the load itself keeps.
    private static async Task WarmUpAsync(HttpClient client, int workers, CancellationToken cancellationToken)
    {
        var discarded = new WebApiLoadResult();
        string topic = CorpusGenerator.Topics[0];
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            await AskAsync(client, $"What does the {topic} policy cover?", discarded, cancellationToken);
            await AskStreamingAsync(client, $"What does the {topic} policy require?", discarded, cancellationToken);
            await SearchAsync(client, $"{topic} policy deadline", discarded, cancellationToken);
        }));
    }

    private async Task QueryLoopAsync(Uri address, int worker, int workerSeed, WebApiLoadResult result, Stopwatch clock, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = s_watchdog };
        var random = new Random(workerSeed);
        IReadOnlyList<string> topics = CorpusGenerator.Topics;
        for (int i = 0; clock.Elapsed < duration && !cancellationToken.IsCancellationRequested; i++)
        {
            string topic = topics[random.Next(topics.Count)];
            string kind = ((i + worker) % 3) switch { 0 => "ask", 1 => "ask/stream", _ => "search" };
            long started = Stopwatch.GetTimestamp();
            try
            {
                List<JsonElement> sources = kind switch
                {
                    "ask" => await AskAsync(client, $"What does the {topic} policy cover?", result, cancellationToken),
                    "ask/stream" => await AskStreamingAsync(client, $"What does the {topic} policy require?", result, cancellationToken),
                    _ => await SearchAsync(client, $"{topic} policy deadline", result, cancellationToken),
                };
                result.Latencies.Add((kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                foreach (JsonElement source in sources)
                {
                    Interlocked.Increment(ref result.ChunksCheckedCount);
                    if (_registry.Check(source.GetProperty("path").GetString()!, source.GetProperty("text").GetString()!) is { } torn)
                    {
                        result.TornChunks.Add(torn);
                    }
                }
            }
            catch (Exception e) when (e is TimeoutException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Interlocked.Increment(ref result.TimeoutCount);
                result.Errors.Add($"worker {worker} {kind}: no answer within {s_watchdog.TotalSeconds} s");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result.Errors.Add($"worker {worker} {kind}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private static async Task<List<JsonElement>> AskAsync(HttpClient client, string question, WebApiLoadResult result, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await client.PostAsJsonAsync("/api/ask", new { question }, cancellationToken);
        if (!Expect(response, 200, "POST /api/ask", result))
        {
            return [];
        }

        JsonElement answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return CitedSources(answer, "POST /api/ask", result);
    }

    private static async Task<List<JsonElement>> AskStreamingAsync(HttpClient client, string question, WebApiLoadResult result, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask/stream") { Content = JsonContent.Create(new { question }) };
        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!Expect(response, 200, "POST /api/ask/stream", result))
        {
            return [];
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? name = null;
        JsonElement? done = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal) && name == "done")
            {
                done = JsonSerializer.Deserialize<JsonElement>(line[5..]);
            }
        }

        if (done is null)
        {
            result.Errors.Add("POST /api/ask/stream: the stream ended without a 'done' event");
            return [];
        }

        return CitedSources(done.Value, "POST /api/ask/stream", result);
    }

    private static async Task<List<JsonElement>> SearchAsync(HttpClient client, string query, WebApiLoadResult result, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await client.GetAsync(new Uri("/api/search?top=5&q=" + Uri.EscapeDataString(query), UriKind.Relative), cancellationToken);
        return Expect(response, 200, "GET /api/search", result) ? [.. (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).EnumerateArray()] : [];
    }

    // The answer's sources; every citation must point at one of them.
    private static List<JsonElement> CitedSources(JsonElement answer, string request, WebApiLoadResult result)
    {
        List<JsonElement> sources = [.. answer.GetProperty("sources").EnumerateArray()];
        HashSet<int> numbers = [.. sources.Select(s => s.GetProperty("number").GetInt32())];
        foreach (JsonElement citation in answer.GetProperty("citations").EnumerateArray().Where(c => !numbers.Contains(c.GetProperty("number").GetInt32())))
        {
            result.Errors.Add($"{request}: citation [{citation.GetProperty("number").GetInt32()}] has no source");
        }

        return sources;
    }

    private static bool Expect(HttpResponseMessage response, int status, string request, WebApiLoadResult result)
    {
        result.StatusCodes.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
        if ((int)response.StatusCode == status)
        {
            return true;
        }

        result.Errors.Add(string.Create(CultureInfo.InvariantCulture, $"{request}: {(int)response.StatusCode}, expected {status}"));
        return false;
    }
}

/// <summary>The figures of a load run through the WebApi.</summary>
internal sealed class WebApiLoadResult
{
#pragma warning disable CA1051 // Incremented with Interlocked.
    public int ChunksCheckedCount;

    public int TimeoutCount;
#pragma warning restore CA1051

    public ConcurrentBag<(string Kind, double Milliseconds)> Latencies { get; } = [];

    public ConcurrentDictionary<int, int> StatusCodes { get; } = new();

    public ConcurrentBag<string> Errors { get; } = [];

    public ConcurrentBag<string> TornChunks { get; } = [];

    public int Syncs { get; set; }

    public int Added { get; set; }

    public int Edited { get; set; }

    public int Deleted { get; set; }

    public TimeSpan Elapsed { get; set; }

    public ServerResources? ResourcesBefore { get; set; }

    public ServerResources? ResourcesAfter { get; set; }

    /// <summary>Gets or sets the resources after the last sync settled and 30 s passed with no request.</summary>
    public ServerResources? ResourcesAfterIdle { get; set; }

    /// <summary>Gets or sets the resources after the idle reading, a few light searches and 10 s more.</summary>
    public ServerResources? ResourcesAfterLightTraffic { get; set; }

    /// <summary>The <paramref name="p"/> quantile of the latencies of <paramref name="kind"/> (all kinds when null), in ms.</summary>
    public double Percentile(double p, string? kind = null)
    {
        double[] sorted = [.. Latencies.Where(l => kind is null || l.Kind == kind).Select(l => l.Milliseconds).Order()];
        return sorted.Length == 0 ? 0 : sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
