// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Rag.Connectors.Sqlite;

namespace Rag.Benchmarks;

/// <summary>
/// The resident memory one open store costs, measured where nothing else was allocated before it: this process opens an
/// existing store file, answers its first query, then vector, keyword and hybrid queries, and prints its resident set
/// (Linux <c>VmRSS</c>) and peak (<c>VmHWM</c>) growth over the process before the open as one line,
/// <c>resident_mb open=… after_queries=… peak=… managed_live=… gc_committed=…</c> (the last two: the live managed heap
/// and what the GC holds committed, which explain most of the growth). <see cref="StoreBenchmark"/> runs it in a child process.
/// </summary>
internal sealed class StoreResidentBenchmark : IBenchmark
{
    /// <summary>The start of the line this benchmark prints its figures on.</summary>
    public const string Marker = "resident_mb";

    public string Name => "store-resident";

    public string Description => "Resident memory of one open SQLite store in a fresh process (run by store): --path kb.db [--today] [--queries 200]";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        string path = BenchmarkArgs.Get(args, "--path", string.Empty);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"store-resident needs --path naming an existing store file; '{path}' does not exist.", path);
        }

        int queryCount = int.Parse(BenchmarkArgs.Get(args, "--queries", "200"), CultureInfo.InvariantCulture);
        SqliteStoreOptions options = args.Contains("--today") ? StoreBenchmark.Today : new SqliteStoreOptions();
        (_, List<string> keywords) = StoreBenchmark.LoadText(0);
        var random = new Random(1);
        float[][] vectors = [.. Enumerable.Range(0, queryCount).Select(_ => StoreBenchmark.Gaussian(random, 1f))];

        GC.Collect();
        GC.WaitForPendingFinalizers();
        (long rssBefore, _) = Resident();
        using KnowledgeStore store = SqliteKnowledgeStore.Open(path, options);
        await store.InitializeAsync(StoreBenchmark.Model, cancellationToken);
        await store.SearchAsync(new ChunkSearchRequest { Vector = vectors[0] }, cancellationToken);
        (long rssOpen, _) = Resident();
        for (int i = 0; i < queryCount; i++)
        {
            string text = keywords[i % keywords.Count];
            await store.SearchAsync(new ChunkSearchRequest { Vector = vectors[i] }, cancellationToken);
            await store.SearchAsync(new ChunkSearchRequest { Keywords = text }, cancellationToken);
            await store.SearchAsync(new ChunkSearchRequest { Vector = vectors[i], Keywords = text }, cancellationToken);
        }

        (long rssAfter, long peak) = Resident();
        GCMemoryInfo heap = GC.GetGCMemoryInfo();
        long live = GC.GetTotalMemory(forceFullCollection: true);
        report.Line(string.Create(
            CultureInfo.InvariantCulture,
            $"{Marker} open={Mb(rssOpen - rssBefore):F0} after_queries={Mb(rssAfter - rssBefore):F0} peak={Mb(peak - rssBefore):F0} managed_live={Mb(live):F0} gc_committed={Mb(heap.TotalCommittedBytes):F0}"));
    }

    /// <summary>This process's resident set and its peak so far, in bytes (Linux <c>/proc/self/status</c>).</summary>
    private static (long Rss, long Peak) Resident()
    {
        long rss = 0;
        long peak = 0;
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
        }

        return (rss, peak);
    }

    private static double Mb(long bytes) => bytes / 1048576.0;

    private static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
