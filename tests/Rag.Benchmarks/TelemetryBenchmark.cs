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

    public string Description => "Ingest + search with and without OpenTelemetry recording every SDK span and metric; ratio (--limit N, --queries N, --rounds N for ingest; --blocks N of --block-queries N for search; --record all|detail|traces|metrics).";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        int limit = int.Parse(BenchmarkArgs.Get(args, "--limit", "300"), CultureInfo.InvariantCulture);
        int queryCount = int.Parse(BenchmarkArgs.Get(args, "--queries", "200"), CultureInfo.InvariantCulture);
        int rounds = int.Parse(BenchmarkArgs.Get(args, "--rounds", "3"), CultureInfo.InvariantCulture);
        int blocks = int.Parse(BenchmarkArgs.Get(args, "--blocks", "40"), CultureInfo.InvariantCulture);
        int blockQueries = int.Parse(BenchmarkArgs.Get(args, "--block-queries", "25"), CultureInfo.InvariantCulture);
        string record = BenchmarkArgs.Get(args, "--record", "all"); // all, detail (all and the search steps), traces or metrics
        using var folder = new TemporaryDirectory();
        int documents = IngestBenchmark.WriteCorpus(Path.Combine(TestEnvironment.SciFactDirectory, "corpus.jsonl.gz"), folder, limit);
        string[] queries = [.. File.ReadLines(Path.Combine(TestEnvironment.SciFactDirectory, "queries.jsonl")).Take(queryCount)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)];
        using IEmbeddingGenerator<string, Embedding<float>> generator = OnnxEmbeddingGenerator.Create();

        var ingest = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        int spans = 0;
        for (int round = 0; round < rounds; round++)
        {
            // Alternate the order each round (off/on, on/off) so drift on a noisy machine falls on both sides.
            foreach (bool recording in round % 2 == 0 ? new[] { false, true } : [true, false])
            {
                using var recorder = recording ? new Recorder(record) : null;
                using var storeFolder = new TemporaryDirectory();
                using KnowledgeStore store = SqliteKnowledgeStore.Open(Path.Combine(storeFolder.Path, "index.db"));
                ingest[recording].Add(await IngestAsync(store, folder.Path, generator, cancellationToken));
                spans = Math.Max(spans, recorder?.Flush() ?? 0);
            }
        }

        // Search: one store, many short blocks of queries alternating off/on (off, on, on, off, ...), so load changes
        // fall on both sides; each "on" block runs under its own recording providers. Once with the query embedded by the
        // model each time, once with the query embeddings memoized (the retrieval alone, where the overhead weighs most).
        using var searchFolder = new TemporaryDirectory();
        using KnowledgeStore searched = SqliteKnowledgeStore.Open(Path.Combine(searchFolder.Path, "index.db"));
        await IngestAsync(searched, folder.Path, generator, cancellationToken);
        (List<double> Off, List<double> On, List<double> Pairs) embedded = await SearchBlocksAsync(new KnowledgeBase(searched, generator), queries, blocks, blockQueries, record, cancellationToken);
        using var memoized = new MemoizedEmbeddings(generator);
        var retrievalOnly = new KnowledgeBase(searched, memoized);
        foreach (string query in queries)
        {
            await retrievalOnly.SearchAsync(query, cancellationToken: cancellationToken); // fills the memo
        }

        (List<double> Off, List<double> On, List<double> Pairs) retrieval = await SearchBlocksAsync(retrievalOnly, queries, blocks, blockQueries, record, cancellationToken);

        report.Section("Telemetry overhead");
        report.Line(string.Create(CultureInfo.InvariantCulture, $"{documents} SciFact abstracts ingested (default model, SQLite), {rounds} rounds each way, alternating; then {blocks} blocks of {blockQueries} SciFact queries (from {queries.Length}) searched on one store, blocks alternating off/on; medians. Recording ({record}): the OpenTelemetry SDK with in-memory exporters for the `Rag` source and meter{(record == "detail" ? " and the `Rag.Detail` source" : string.Empty)} ({spans} spans per ingest)."));
        report.Table(
        [
            ["Phase", "Nobody listening", "Recording every span", "Ratio"],
            Row("Ingest (s)", ingest[false], ingest[true], "F2"),
            Row("Search, per query (ms)", embedded.Off, embedded.On, "F3"),
            ["Search, median ratio of adjacent blocks", "", "", Median(embedded.Pairs).ToString("F3", CultureInfo.InvariantCulture)],
            Row("Search with memoized query embeddings, per query (ms)", retrieval.Off, retrieval.On, "F3"),
            ["Same, median ratio of adjacent blocks", "", "", Median(retrieval.Pairs).ToString("F3", CultureInfo.InvariantCulture)],
            ["Same, on - off (ms per query)", "", "", (Median(retrieval.On) - Median(retrieval.Off)).ToString("F3", CultureInfo.InvariantCulture)],
        ]);
    }

    private static async Task<double> IngestAsync(KnowledgeStore store, string folder, IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken)
    {
        var ingest = Stopwatch.StartNew();
        await new DocumentIngestor(store, generator).SyncFolderAsync(folder, cancellationToken: cancellationToken);
        return ingest.Elapsed.TotalSeconds;
    }

    private static async Task<(List<double> Off, List<double> On, List<double> Pairs)> SearchBlocksAsync(KnowledgeBase knowledge, string[] queries, int blocks, int blockQueries, string record, CancellationToken cancellationToken)
    {
        await knowledge.SearchAsync(queries[0], cancellationToken: cancellationToken); // warm-up: load the vectors
        var times = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        var pairs = new List<double>();
        for (int block = 0; block < blocks; block++)
        {
            bool recording = block % 4 is 1 or 2;
            using var recorder = recording ? new Recorder(record) : null;

            // Both states start alike: one untimed query (the recorder's first span and metric), then a full collection, so the
            // garbage of setting up a recorder is not collected inside an "on" block.
            await knowledge.SearchAsync(queries[block % queries.Length], cancellationToken: cancellationToken);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            double perQuery = await SearchBlockAsync(knowledge, queries, block * blockQueries, blockQueries, cancellationToken);
            times[recording].Add(perQuery);
            if (block % 2 == 1)
            {
                // Each pair of adjacent blocks (off/on or on/off) gives one on/off ratio.
                double previous = times[!recording][^1];
                pairs.Add(recording ? perQuery / previous : previous / perQuery);
            }
        }

        return (times[false], times[true], pairs);
    }

    private static async Task<double> SearchBlockAsync(KnowledgeBase knowledge, string[] queries, int first, int count, CancellationToken cancellationToken)
    {
        var search = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            await knowledge.SearchAsync(queries[(first + i) % queries.Length], cancellationToken: cancellationToken);
        }

        return search.Elapsed.TotalMilliseconds / count;
    }

    private static string[] Row(string name, List<double> off, List<double> on, string format) =>
        [name, Median(off).ToString(format, CultureInfo.InvariantCulture), Median(on).ToString(format, CultureInfo.InvariantCulture), (Median(on) / Median(off)).ToString("F3", CultureInfo.InvariantCulture)];

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>The OpenTelemetry SDK recording every span and metric of the <c>Rag</c> source and meter, in memory, while alive.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly List<Activity> _spans = [];
        private readonly TracerProvider? _tracing;
        private readonly MeterProvider? _metrics;

        /// <param name="record">What to record: <c>all</c> (the <c>Rag</c> source and meter), <c>detail</c> (also the
        /// <c>Rag.Detail</c> source of the search steps), <c>traces</c> or <c>metrics</c>.</param>
        public Recorder(string record)
        {
            string[] sources = record == "detail" ? [RagTelemetry.SourceName, RagTelemetry.DetailSourceName] : [RagTelemetry.SourceName];
            _tracing = record is "all" or "detail" or "traces" ? Sdk.CreateTracerProviderBuilder().AddSource(sources).AddInMemoryExporter(_spans).Build() : null;
            _metrics = record is "all" or "detail" or "metrics" ? Sdk.CreateMeterProviderBuilder().AddMeter(RagTelemetry.SourceName).AddInMemoryExporter(new List<Metric>()).Build() : null;
        }

        /// <summary>Exports what is pending; returns how many spans were recorded.</summary>
        public int Flush()
        {
            _tracing?.ForceFlush();
            return _spans.Count;
        }

        public void Dispose()
        {
            _tracing?.Dispose();
            _metrics?.Dispose();
        }
    }

    /// <summary>Embeds each distinct single text once and replays it after, so a search costs its retrieval alone.</summary>
    private sealed class MemoizedEmbeddings(IEmbeddingGenerator<string, Embedding<float>> inner) : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        private readonly Dictionary<string, Embedding<float>> _memo = new(StringComparer.Ordinal);

        public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            string[] texts = [.. values];
            if (texts.Length == 1 && _memo.TryGetValue(texts[0], out Embedding<float>? known))
            {
                return [known];
            }

            GeneratedEmbeddings<Embedding<float>> generated = await base.GenerateAsync(texts, options, cancellationToken);
            if (texts.Length == 1)
            {
                _memo[texts[0]] = generated[0];
            }

            return generated;
        }
    }
}
