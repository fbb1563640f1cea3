// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Rag.Reliability;
using Rag.TestUtilities;

namespace Rag.Benchmarks;

/// <summary>The WebApi sections of the reliability campaign: load over loopback, then hostile requests.</summary>
internal sealed partial class ReliabilityBenchmark
{
    private static async Task WebApiAsync(BenchmarkReport report, string[] args, int seed, string work, CancellationToken cancellationToken)
    {
        await WebApiLoadAsync(report, args, seed, Path.Combine(work, "webapi-load"), cancellationToken);
        await WebApiHostileAsync(report, args, Path.Combine(work, "webapi-hostile"), cancellationToken);
    }

    private static async Task WebApiLoadAsync(BenchmarkReport report, string[] args, int seed, string directory, CancellationToken cancellationToken)
    {
        int seconds = int.Parse(BenchmarkArgs.Get(args, "--webapi-seconds", "60"), CultureInfo.InvariantCulture);
        report.Section("Load through the WebApi over loopback: 8 HTTP askers/searchers while the folder changes through the API");
        WebApiLoadResult result = await new WebApiLoadCampaign(directory, workers: 8, documents: 60, seed).RunAsync(TimeSpan.FromSeconds(seconds), cancellationToken);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"The built sample (`{Path.GetFileName(WebApiServerProcess.SamplePath())}`, Release, Production environment) runs as its own process on 127.0.0.1 over 60 generated documents: ONNX embeddings, SQLite, extractive answers. For {seconds} s, 8 HTTP clients rotate `POST /api/ask`, `POST /api/ask/stream` (read to its `done` event) and `GET /api/search?top=5`, each under a 60 s watchdog, while one ingester uploads new and edited files (`POST /api/documents`), deletes files on disk, calls `POST /api/ingestion` and waits for the background sync to settle (`GET /api/ingestion`). Every source returned (answers' sources, search hits) is checked against every version of its file ever written; every citation must name a returned source."));
        double queriesPerSecond = result.Latencies.Count / result.Elapsed.TotalSeconds;
        string Ms(double p, string? kind = null) => result.Percentile(p, kind).ToString("F0", CultureInfo.InvariantCulture);
        report.Table(
        [
            ["Measure", "Value"],
            ["Queries (ask + ask/stream + search)", string.Create(CultureInfo.InvariantCulture, $"{result.Latencies.Count} ({result.Latencies.Count(l => l.Kind == "ask")} + {result.Latencies.Count(l => l.Kind == "ask/stream")} + {result.Latencies.Count(l => l.Kind == "search")})")],
            ["Queries/s", queriesPerSecond.ToString("F1", CultureInfo.InvariantCulture)],
            ["Latency p50 / p95 / max, all (ms)", $"{Ms(0.50)} / {Ms(0.95)} / {Ms(1.0)}"],
            ["Latency p50 / p95, POST /api/ask (ms)", $"{Ms(0.50, "ask")} / {Ms(0.95, "ask")}"],
            ["Latency p50 / p95, POST /api/ask/stream to `done` (ms)", $"{Ms(0.50, "ask/stream")} / {Ms(0.95, "ask/stream")}"],
            ["Latency p50 / p95, GET /api/search (ms)", $"{Ms(0.50, "search")} / {Ms(0.95, "search")}"],
            ["Background syncs completed", result.Syncs.ToString(CultureInfo.InvariantCulture)],
            ["Files added / edited (uploads) / deleted", $"{result.Added} / {result.Edited} / {result.Deleted}"],
            ["HTTP status codes", string.Join(", ", result.StatusCodes.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))],
            ["Sources checked", result.ChunksCheckedCount.ToString(CultureInfo.InvariantCulture)],
            ["Errors", result.Errors.Count.ToString(CultureInfo.InvariantCulture)],
            ["Watchdog timeouts (deadlock/hang)", result.TimeoutCount.ToString(CultureInfo.InvariantCulture)],
            ["Sources not matching any written version (half-ingested)", result.TornChunks.Count.ToString(CultureInfo.InvariantCulture)],
        ]);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"The server's resources followed to idle: before the load (index built, each query path warmed up by every worker once), the moment the load ends, after the last sync settled and 30 s with no request, then after {WebApiLoadCampaign.LightSearches} light searches and 10 s more."));
        report.Table(
        [
            ["Server process", "Before", "End of load", "After 30 s idle", $"After {WebApiLoadCampaign.LightSearches} searches + 10 s"],
            ResourceRow("Open file descriptors", r => r.FileDescriptors, result),
            ResourceRow("Threads", r => r.Threads, result),
            ResourceRow("Working set (MiB)", r => r.WorkingSetMiB, result),
        ]);
        foreach (string error in result.Errors.Concat(result.TornChunks).Distinct().Take(10))
        {
            report.Line("- " + error.Replace("|", "/", StringComparison.Ordinal));
        }
    }

    private static string[] ResourceRow(string name, Func<ServerResources, long> value, WebApiLoadResult result) =>
        [name, .. new[] { result.ResourcesBefore!, result.ResourcesAfter!, result.ResourcesAfterIdle!, result.ResourcesAfterLightTraffic! }.Select(r => value(r).ToString(CultureInfo.InvariantCulture))];

    private static async Task WebApiHostileAsync(BenchmarkReport report, string[] args, string directory, CancellationToken cancellationToken)
    {
        int clients = int.Parse(BenchmarkArgs.Get(args, "--sse-clients", "50"), CultureInfo.InvariantCulture);
        string? model = File.Exists(TestEnvironment.TinyLlamaModelPath) ? TestEnvironment.TinyLlamaModelPath : null;
        report.Section("Hostile requests through the WebApi over loopback");
        HostileRequestResult result = await new HostileRequestCampaign(directory, model).RunAsync(clients, cancellationToken);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"The built sample as its own process on 127.0.0.1 with an API key, `MaxUploadBytes` = {HostileRequestCampaign.MaxUploadBytes / 1024} KiB, `MaxRequestBodyBytes` = {HostileRequestCampaign.MaxRequestBodyBytes / 1024} KiB, `MinRequestBodyBytesPerSecond` = {HostileRequestCampaign.MinRequestBodyBytesPerSecond} after {HostileRequestCampaign.GraceSeconds} s, and {(model is null ? "no chat model (extractive answers)" : "the stories260K GGUF model (generated, streamed answers; one context)")}. Requests HttpClient cannot send (a Content-Length it never honours, a trickled body, an endless chunked body) go through a raw socket. Every 4xx the app answers must carry a ProblemDetails body (flagged otherwise); Kestrel answers 414 (request line over 8 KiB) itself, before the app runs, with an empty body, and the raw-socket cases read the status line only."));
        var rows = new List<string[]> { new[] { "Case", "Expected", "Actual", "Result" } };
        rows.AddRange(result.Cases.Select(c => new[] { c.Name, c.Expected, c.Actual.Replace("|", "/", StringComparison.Ordinal), c.Passed ? "pass" : "**FAIL**" }));
        report.Table(rows);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"**Rejected or handled as expected: {result.Cases.Count(c => c.Passed)}/{result.Cases.Count}.** Files written outside the documents folder: {result.OutsideDocuments.Count}; temporary upload files left behind: {result.Leftovers}."));
        report.Line(string.Create(CultureInfo.InvariantCulture, $"SSE clients leaving mid-stream: {result.StreamClients} concurrent `POST /api/ask/stream` clients, half closing the connection after the `sources` event and half after the first `delta`; one warm-up round first (it fills the SQLite, Kestrel and model pools), then the measured round. {result.StreamsOpened}/{result.StreamClients} streams opened, {result.StreamsFinishedBeforeLeaving} finished before their client left."));
        report.Table(
        [
            ["Resource (server process)", "Before", "After", "Back to baseline"],
            ["Open file descriptors (/proc/PID/fd, sockets included)", $"{result.Before!.FileDescriptors}", $"{result.After!.FileDescriptors}", result.After.FileDescriptors <= result.Before.FileDescriptors ? "yes" : "**no**"],
            ["Threads", $"{result.Before.Threads}", $"{result.After.Threads}", "-"],
            ["Working set (MiB)", $"{result.Before.WorkingSetMiB}", $"{result.After.WorkingSetMiB}", "-"],
            ["Model contexts free (a full streamed answer after the disconnects; one context, so a leaked one would block it)", "-", result.FullAnswerAfter is { } t ? string.Create(CultureInfo.InvariantCulture, $"answered in {t.TotalSeconds:F1} s") : "**no answer**", result.FullAnswerAfter is null ? "**no**" : "yes"],
        ]);
    }
}
