// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Rag.TestUtilities;

namespace Rag.Benchmarks;

/// <summary>
/// Ask latency through HTTP: the built WebApi sample (Release, Kestrel on loopback) over a copy of samples/docs,
/// POST /api/ask and the first answer text of POST /api/ask/stream, beside GET /api/search (retrieval only) as the peer.
/// </summary>
internal sealed class WebApiBenchmark : IBenchmark
{
    private static readonly string[] s_questions =
    [
        "How many vacation days do new employees get?",
        "How many days can I work remotely per week?",
        "What is the daily meal allowance abroad?",
        "Within how many days must expense claims be submitted?",
        "What are the core hours?",
        "How much is the home office stipend?",
        "How is private car use reimbursed?",
        "How many unused vacation days can be carried over?",
        "Who approves claims above 500 euros?",
        "How long may I work from another country?",
    ];

    public string Name => "webapi";

    public string Description => "WebApi sample over HTTP on samples/docs: /api/ask and stream first-delta p50/p95 vs /api/search (--rounds 5 --config Release)";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        int rounds = int.Parse(BenchmarkArgs.Get(args, "--rounds", "5"), CultureInfo.InvariantCulture);
        string configuration = BenchmarkArgs.Get(args, "--config", "Release");
        string dll = Path.Combine(TestEnvironment.RepositoryRoot, "artifacts", "bin", "Rag.WebApi", configuration.ToLowerInvariant(), "Rag.WebApi.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the sample first: dotnet build -c {configuration} samples/WebApi/Rag.WebApi.csproj", dll);
        }

        using var work = new TemporaryDirectory();
        string documents = Path.Combine(work.Path, "documents");
        CopyFolder(Path.Combine(TestEnvironment.RepositoryRoot, "samples", "docs"), documents);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[dll, "--urls", "http://127.0.0.1:0", "--environment", "Production",
            "--Knowledge:DocumentsFolder", documents, "--Knowledge:IndexPath", Path.Combine(work.Path, "index.db"),
            "--Knowledge:RequestsPerMinute", "100000", "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information"])
        {
            start.ArgumentList.Add(argument);
        }

        using Process server = Process.Start(start) ?? throw new InvalidOperationException("Could not start the sample.");
        try
        {
            var startup = Stopwatch.StartNew();
            Uri baseAddress = await SampleServerOutput.ReadListeningAddressAsync(server, cancellationToken);
            using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
            double ingestSeconds = await WaitForIngestionAsync(client, cancellationToken);
            int documentCount = (await client.GetFromJsonAsync<JsonElement>("/api/documents", cancellationToken)).GetArrayLength();
            report.Line($"Sample: {dll} on {baseAddress}; {documentCount} documents from samples/docs indexed in {ingestSeconds:0.0} s (process start to idle: {startup.Elapsed.TotalSeconds:0.0} s); extractive answers (no GGUF model); {rounds} rounds of {s_questions.Length} questions after 1 warm-up round.");

            await MeasureAsync(client, 1, cancellationToken); // warm-up: JIT, model load, SQLite caches
            (List<double> ask, List<double> firstDelta, List<double> search, int cited) = await MeasureAsync(client, rounds, cancellationToken);

            report.Section("Latency through HTTP (ms)");
            report.Table(
            [
                ["Request", "p50", "p95", "mean", "vs search p50"],
                Row("POST /api/ask (complete JSON answer)", ask, search),
                Row("POST /api/ask/stream (first delta)", firstDelta, search),
                Row("GET /api/search?top=5 (peer: retrieval only)", search, search),
            ]);
            report.Line($"Answers citing a source: {cited} of {ask.Count}.");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task<(List<double> Ask, List<double> FirstDelta, List<double> Search, int Cited)> MeasureAsync(HttpClient client, int rounds, CancellationToken cancellationToken)
    {
        List<double> ask = [], firstDelta = [], search = [];
        int cited = 0;
        for (int round = 0; round < rounds; round++)
        {
            foreach (string question in s_questions)
            {
                long t0 = Stopwatch.GetTimestamp();
                using (HttpResponseMessage response = await client.PostAsJsonAsync("/api/ask", new { question }, cancellationToken))
                {
                    response.EnsureSuccessStatusCode();
                    JsonElement answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                    ask.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    cited += answer.GetProperty("citations").GetArrayLength() > 0 ? 1 : 0;
                }

                t0 = Stopwatch.GetTimestamp();
                using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask/stream") { Content = JsonContent.Create(new { question }) })
                using (HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
                {
                    response.EnsureSuccessStatusCode();
                    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
                    while (await reader.ReadLineAsync(cancellationToken) is { } line && line != "event: delta" && line != "event: done")
                    {
                    }

                    firstDelta.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    await reader.ReadToEndAsync(cancellationToken);
                }

                t0 = Stopwatch.GetTimestamp();
                using (HttpResponseMessage response = await client.GetAsync(new Uri("/api/search?top=5&q=" + Uri.EscapeDataString(question), UriKind.Relative), cancellationToken))
                {
                    response.EnsureSuccessStatusCode();
                    await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    search.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
            }
        }

        return (ask, firstDelta, search, cited);
    }

    private static string[] Row(string name, List<double> values, List<double> peer) =>
        [name, F(SampleServerOutput.Percentile(values, 0.50)), F(SampleServerOutput.Percentile(values, 0.95)), F(values.Average()), $"{SampleServerOutput.Percentile(values, 0.50) / SampleServerOutput.Percentile(peer, 0.50):0.0}x"];

    private static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static async Task<double> WaitForIngestionAsync(HttpClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            JsonElement status = await client.GetFromJsonAsync<JsonElement>("/api/ingestion", cancellationToken);
            if (!status.GetProperty("isRunning").GetBoolean() && status.GetProperty("pending").GetInt32() == 0 && status.GetProperty("lastResult").ValueKind == JsonValueKind.Object)
            {
                return status.GetProperty("lastResult").GetProperty("elapsedSeconds").GetDouble();
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

}
