// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Rag.Benchmarks.Ingestion;
using Rag.Connectors.Onnx;
using Rag.Connectors.Sqlite;
using Rag.TestUtilities;

namespace Rag.Benchmarks;

/// <summary>
/// The cost of the SDK's OpenTelemetry instrumentation: the same ingest and searches with nobody listening and with the
/// OpenTelemetry SDK recording every span and metric (in-memory exporters), alternating rounds in one run.
/// </summary>
internal sealed class TelemetryBenchmark : IBenchmark
{
    public string Name => "telemetry";

    public string Description => "Ingest + search with and without OpenTelemetry recording every SDK span and metric; ratio (--limit N, --queries N, --rounds N).";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        int limit = int.Parse(BenchmarkArgs.Get(args, "--limit", "300"), CultureInfo.InvariantCulture);
        int queryCount = int.Parse(BenchmarkArgs.Get(args, "--queries", "200"), CultureInfo.InvariantCulture);
        int rounds = int.Parse(BenchmarkArgs.Get(args, "--rounds", "3"), CultureInfo.InvariantCulture);
        using var folder = new TemporaryDirectory();
        int documents = IngestBenchmark.WriteCorpus(Path.Combine(TestEnvironment.SciFactDirectory, "corpus.jsonl.gz"), folder, limit);
        string[] queries = [.. File.ReadLines(Path.Combine(TestEnvironment.SciFactDirectory, "queries.jsonl")).Take(queryCount)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)];
        using IEmbeddingGenerator<string, Embedding<float>> generator = OnnxEmbeddingGenerator.Create();

        var times = new Dictionary<bool, (List<double> Ingest, List<double> Search)> { [false] = ([], []), [true] = ([], []) };
        int spans = 0;
        for (int round = 0; round < rounds; round++)
        {
            // Alternate the order each round (off/on, on/off) so drift on a noisy machine falls on both sides.
            foreach (bool recording in round % 2 == 0 ? new[] { false, true } : [true, false])
            {
                List<Activity> exported = [];
                using TracerProvider? tracing = recording ? Sdk.CreateTracerProviderBuilder().AddSource(RagTelemetry.SourceName).AddInMemoryExporter(exported).Build() : null;
                using MeterProvider? metrics = recording ? Sdk.CreateMeterProviderBuilder().AddMeter(RagTelemetry.SourceName).AddInMemoryExporter(new List<Metric>()).Build() : null;
                (double ingest, double search) = await RunOnceAsync(folder.Path, generator, queries, cancellationToken);
                times[recording].Ingest.Add(ingest);
                times[recording].Search.Add(search);
                tracing?.ForceFlush();
                spans = Math.Max(spans, exported.Count);
            }
        }

        report.Section("Telemetry overhead");
        report.Line(string.Create(CultureInfo.InvariantCulture, $"{documents} SciFact abstracts ingested (default model, SQLite), then {queries.Length} SciFact queries searched, {rounds} rounds each way, alternating; medians. Recording: the OpenTelemetry SDK with in-memory exporters for the `Rag` source and meter ({spans} spans per round)."));
        report.Table(
        [
            ["Phase", "Nobody listening", "Recording every span", "Ratio"],
            Row("Ingest (s)", times[false].Ingest, times[true].Ingest, "F2"),
            Row("Search, per query (ms)", times[false].Search, times[true].Search, "F2"),
        ]);
    }

    private static async Task<(double IngestSeconds, double SearchMilliseconds)> RunOnceAsync(string folder, IEmbeddingGenerator<string, Embedding<float>> generator, string[] queries, CancellationToken cancellationToken)
    {
        using var storeFolder = new TemporaryDirectory();
        using KnowledgeStore store = SqliteKnowledgeStore.Open(Path.Combine(storeFolder.Path, "index.db"));
        var ingest = Stopwatch.StartNew();
        await new DocumentIngestor(store, generator).SyncFolderAsync(folder, cancellationToken: cancellationToken);
        ingest.Stop();
        var knowledge = new KnowledgeBase(store, generator);
        await knowledge.SearchAsync(queries[0], cancellationToken: cancellationToken); // warm-up: load the vectors
        var search = Stopwatch.StartNew();
        foreach (string query in queries)
        {
            await knowledge.SearchAsync(query, cancellationToken: cancellationToken);
        }

        return (ingest.Elapsed.TotalSeconds, search.Elapsed.TotalMilliseconds / queries.Length);
    }

    private static string[] Row(string name, List<double> off, List<double> on, string format) =>
        [name, Median(off).ToString(format, CultureInfo.InvariantCulture), Median(on).ToString(format, CultureInfo.InvariantCulture), (Median(on) / Median(off)).ToString("F3", CultureInfo.InvariantCulture)];

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
