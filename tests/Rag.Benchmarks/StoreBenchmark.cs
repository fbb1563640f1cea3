// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Numerics.Tensors;
using System.Text.Json;
using Cloud.Unum.USearch;
using Microsoft.Data.Sqlite;
using Rag.Connectors.Sqlite;
using Rag.TestUtilities;

namespace Rag.Benchmarks;

/// <summary>
/// The SQLite knowledge store at each size of 384-d clustered vectors with SciFact text: vector, keyword and hybrid
/// latency, memory and cold open of today's float32 index beside the int8 index (same file, queries alternating),
/// upsert throughput, and up to <c>--peers-up-to</c> chunks the naive approach (all BLOBs read per query) and an HNSW
/// index (USearch) with its recall@10.
/// </summary>
internal sealed class StoreBenchmark : IBenchmark
{
    private const int Dimensions = 384;
    private const int ChunksPerDocument = 50;
    /// <summary>Gets the model the benchmark stores are bound to.</summary>
    internal static EmbeddingModelInfo Model { get; } = new("bench-clustered-384", Dimensions);

    public string Name => "store";

    public string Description => "SQLite store, today's float32 index vs the int8 index side by side: vector/keyword/hybrid p50/p95, memory, cold open, first keyword query after writes, upsert; naive BLOB scan and USearch HNSW up to --peers-up-to; --tsv writes the scaling curve (--sizes 10000,100000,300000,1000000 --queries 200 --peers-up-to 100000 --tsv curve.tsv)";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        int[] sizes = [.. BenchmarkArgs.Get(args, "--sizes", "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        int queryCount = int.Parse(BenchmarkArgs.Get(args, "--queries", "200"), CultureInfo.InvariantCulture);
        (List<string> texts, List<string> queries) = LoadText(sizes.Max());
        report.Line($"Data: {Dimensions}-d vectors around 200 random centroids (noise 0.35, normalised); chunk text from {(File.Exists(CorpusPath) ? "SciFact abstracts (sentences)" : "generated words")}; {ChunksPerDocument} chunks per document; top-10.");
        int peersUpTo = int.Parse(BenchmarkArgs.Get(args, "--peers-up-to", "100000"), CultureInfo.InvariantCulture);
        string? tsv = BenchmarkArgs.Get(args, "--tsv", string.Empty) is { Length: > 0 } path ? path : null;
        if (tsv is not null)
        {
            await File.WriteAllTextAsync(tsv, string.Join('\t', s_curveColumns) + "\n", cancellationToken);
        }

        foreach (int size in sizes)
        {
            double[] curve = await RunSizeAsync(report, size, queryCount, peersUpTo, texts, queries, cancellationToken);
            if (tsv is not null)
            {
                await File.AppendAllTextAsync(tsv, string.Join('\t', curve.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture))) + "\n", cancellationToken);
            }
        }
    }

    /// <summary>The columns of the <c>--tsv</c> scaling curve, one row per size: latencies in ms, memory in MB.</summary>
    private static readonly string[] s_curveColumns =
    [
        "chunks", "vector_today_p50", "vector_today_p95", "vector_new_p50", "vector_new_p95", "recall10",
        "keyword_today_p50", "keyword_today_p95", "keyword_new_p50", "keyword_new_p95",
        "hybrid_today_p50", "hybrid_today_p95", "hybrid_new_p50", "hybrid_new_p95",
        "managed_today_mb", "managed_new_mb", "resident_today_mb", "resident_new_mb", "open_today_ms", "open_new_ms",
        "first_keyword_after_other_write_ms", "first_keyword_after_own_write_ms", "upsert_chunks_per_s", "upsert_batched_chunks_per_s",
    ];

    private static string CorpusPath => Path.Combine(SciFactDirectory, "corpus.jsonl.gz");

    // The shared folder sits beside the main checkout; from a worktree, look further up.
    private static string SciFactDirectory
    {
        get
        {
            for (DirectoryInfo? dir = new(TestEnvironment.RepositoryRoot); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "eval", "scifact");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            return TestEnvironment.SciFactDirectory;
        }
    }

    /// <summary>Measures one size and reports its tables; returns its row of the scaling curve (<see cref="s_curveColumns"/>).</summary>
    private static async Task<double[]> RunSizeAsync(BenchmarkReport report, int size, int queryCount, int peersUpTo, List<string> texts, List<string> queryTexts, CancellationToken ct)
    {
        report.Section($"{size:N0} chunks");
        var random = new Random(size);
        float[][] centroids = [.. Enumerable.Range(0, 200).Select(_ => Gaussian(random, 1f))];
        float[][] queries = [.. Enumerable.Range(0, queryCount).Select(_ => Noisy(random, centroids[random.Next(centroids.Length)], 0.35f))];
        string[] keywords = [.. Enumerable.Range(0, queryCount).Select(i => queryTexts[i % queryTexts.Count])];
        bool peers = size <= peersUpTo;
        float[][] vectors = peers ? new float[size][] : [];
        using var directory = new TemporaryDirectory();
        string path = Path.Combine(directory.Path, "kb.db");

        // Upsert: documents of 50 chunks, one transaction each (embeddings given, generated outside the timer).
        var watch = new Stopwatch();
        var rewritten = new (DocumentRecord Record, DocumentChunk[] Chunks)[2];
        using (KnowledgeStore store = SqliteKnowledgeStore.Open(path))
        {
            await store.InitializeAsync(Model, ct);
            for (int start = 0, d = 0; start < size; start += ChunksPerDocument, d++)
            {
                (DocumentRecord record, DocumentChunk[] chunks) = Document(d, start, size, texts, i =>
                {
                    float[] vector = Noisy(random, centroids[random.Next(centroids.Length)], 0.35f);
                    if (peers)
                    {
                        vectors[i] = vector;
                    }

                    return vector;
                });
                if (d < rewritten.Length)
                {
                    rewritten[d] = (record, chunks);
                }

                watch.Start();
                await store.UpsertDocumentAsync(record, chunks, ct);
                watch.Stop();
            }
        }

        double batchedSeconds = await UpsertBatchedAsync(Path.Combine(directory.Path, "batched.db"), size, texts, centroids, ct);
        double upsertSeconds = watch.Elapsed.TotalSeconds;
        long fileBytes = new FileInfo(path).Length;

        // Resident memory, each in a fresh process; then the cold open of each here: open the file, bind the model, load the
        // vectors, answer the first query (managed memory: what the open store adds to the heap).
        Resident residentToday = await MeasureResidentAsync(path, today: true, queryCount, ct);
        Resident resident = await MeasureResidentAsync(path, today: false, queryCount, ct);
        (KnowledgeStore opened, double coldOpenMs, long managed) = await OpenColdAsync(path, new SqliteStoreOptions(), queries[0], ct);
        opened.Dispose();
        (KnowledgeStore today, double todayOpenMs, long todayManaged) = await OpenColdAsync(path, Today, queries[0], ct);
        using KnowledgeStore floats = today;
        (opened, _, _) = await OpenColdAsync(path, new SqliteStoreOptions(), queries[0], ct);
        using KnowledgeStore current = opened;
        double[] firstKeyword = Time(1, _ => floats.SearchAsync(new ChunkSearchRequest { Keywords = keywords[0] }, ct).GetAwaiter().GetResult());
        double[] firstKeywordMs = Time(1, _ => current.SearchAsync(new ChunkSearchRequest { Keywords = keywords[0] }, ct).GetAwaiter().GetResult());

        // Today's float32 index and the int8 index, query by query in alternation.
        long[][] exact = new long[queryCount][];
        long[][] found = new long[queryCount][];
        (double[] vectorToday, double[] vectorMs) = await TimePairAsync(
            queryCount,
            async i => exact[i] = Keys(await floats.SearchAsync(new ChunkSearchRequest { Vector = queries[i] }, ct)),
            async i => found[i] = Keys(await current.SearchAsync(new ChunkSearchRequest { Vector = queries[i] }, ct)));
        (double[] keywordTodayMs, double[] keywordMs, IReadOnlyList<ChunkSearchResult>[] keywordToday, IReadOnlyList<ChunkSearchResult>[] keywordNew) =
            await KeywordPairAsync(floats, current, keywords, ct);
        int sameScores = Enumerable.Range(0, queryCount).Count(i => SameScores(keywordToday[i], keywordNew[i]));

        // The in-memory ranking with every posting scored (before MaxScore) and with MaxScore, alternating.
        using KnowledgeStore unpruned = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { PruneKeywordRanking = false });
        await unpruned.InitializeAsync(Model, ct);
        (double[] exhaustiveMs, double[] prunedMs, IReadOnlyList<ChunkSearchResult>[] keywordExhaustive, IReadOnlyList<ChunkSearchResult>[] keywordPruned) =
            await KeywordPairAsync(unpruned, current, keywords, ct);
        int identical = Enumerable.Range(0, queryCount).Count(i =>
            Keys(keywordExhaustive[i]).SequenceEqual(Keys(keywordPruned[i])) && keywordExhaustive[i].Select(r => r.Score).SequenceEqual(keywordPruned[i].Select(r => r.Score)));
        (double[] hybridToday, double[] hybridMs) = await TimePairAsync(
            queryCount,
            i => floats.SearchAsync(new ChunkSearchRequest { Vector = queries[i], Keywords = keywords[i] }, ct),
            i => current.SearchAsync(new ChunkSearchRequest { Vector = queries[i], Keywords = keywords[i] }, ct));
        var rrf = new HybridSearchSettings { Method = HybridFusionMethod.ReciprocalRank };
        (double[] rrfToday, double[] rrfMs) = await TimePairAsync(
            queryCount,
            i => floats.SearchAsync(new ChunkSearchRequest { Vector = queries[i], Keywords = keywords[i], Hybrid = rrf }, ct),
            i => current.SearchAsync(new ChunkSearchRequest { Vector = queries[i], Keywords = keywords[i], Hybrid = rrf }, ct));
        double recall = Recall(exact, found);
        (double[] afterOwnWrite, double[] afterOtherWrite, double[] ownWriteMs, double[] otherWriteMs) = await TimeFirstKeywordAfterWritesAsync(path, current, rewritten, keywords, ct);

        report.Table(
        [
            ["Measure", "Today (float32 in memory, bm25() in SQL)", "New (int8 scan + exact rescoring, in-memory BM25)", "New / today"],
            ["vector top-10 p50 / p95 (ms)", Ms(vectorToday), Ms(vectorMs), Ratio(vectorMs, vectorToday)],
            ["recall@10 vs exact float32", "1.000", recall.ToString("F3", CultureInfo.InvariantCulture), string.Empty],
            ["keyword (BM25) p50 / p95 (ms)", Ms(keywordTodayMs), Ms(keywordMs), Ratio(keywordMs, keywordTodayMs)],
            ["keyword top-10 scores equal to bm25() (queries)", "-", $"{sameScores} / {queryCount}", string.Empty],
            ["in-memory keyword p50 / p95 (ms): every posting scored vs MaxScore", Ms(exhaustiveMs), Ms(prunedMs), Ratio(prunedMs, exhaustiveMs)],
            ["MaxScore top-10 identical to every posting scored (rows, order, scores; queries)", "-", $"{identical} / {queryCount}", string.Empty],
            ["first keyword query after open (ms)", $"{firstKeyword[0]:F1}", $"{firstKeywordMs[0]:F1}", $"{firstKeywordMs[0] / firstKeyword[0]:F2}x"],
            ["first keyword query after a 50-chunk write, p50 (ms): another process's write (cache read afresh, as after every write before) vs the store's own (cache updated)", $"{Percentile(afterOtherWrite, 50):F1}", $"{Percentile(afterOwnWrite, 50):F1}", Ratio(afterOwnWrite, afterOtherWrite)],
            ["that 50-chunk replacing write, p50 (ms): without a cache to update vs with", $"{Percentile(otherWriteMs, 50):F1}", $"{Percentile(ownWriteMs, 50):F1}", Ratio(ownWriteMs, otherWriteMs)],
            ["hybrid min-max p50 / p95 (ms)", Ms(hybridToday), Ms(hybridMs), Ratio(hybridMs, hybridToday)],
            ["hybrid RRF p50 / p95 (ms)", Ms(rrfToday), Ms(rrfMs), Ratio(rrfMs, rrfToday)],
            ["managed memory of the open store (MB)", $"{todayManaged / 1048576.0:F0}", $"{managed / 1048576.0:F0}", $"{(double)managed / todayManaged:F2}x"],
            [$"resident memory of the open store, fresh process (MB): after the open / after {queryCount} vector, keyword and hybrid queries / peak (managed heap live, GC committed)", residentToday.ToString(), resident.ToString(), $"{resident.AfterQueries / residentToday.AfterQueries:F2}x"],
            ["cold open to first result (ms)", $"{todayOpenMs:F0}", $"{coldOpenMs:F0}", $"{coldOpenMs / todayOpenMs:F2}x"],
            ["upsert (chunks/s, FTS incl.): one 50-chunk document per transaction (UpsertDocumentAsync) vs 20 per transaction (UpsertDocumentsAsync)", $"{size / upsertSeconds:N0}", $"{size / batchedSeconds:N0}", $"{upsertSeconds / batchedSeconds:F2}x"],
        ]);
        report.Line($"Over {queryCount} queries after 20 warm-ups, today and new alternating. DB file {fileBytes / 1048576.0:F0} MB. Memory: managed heap growth from before the open to after the first result (the vector arrays, row maps and catalog; SQLite's page cache is native and bounded by its cache size).");
        if (peers)
        {
            RunPeers(report, path, size, vectors, queries, exact, Percentile(vectorMs, 50), upsertSeconds);
        }

        const double MB = 1048576.0;
        return
        [
            size, Percentile(vectorToday, 50), Percentile(vectorToday, 95), Percentile(vectorMs, 50), Percentile(vectorMs, 95), recall,
            Percentile(keywordTodayMs, 50), Percentile(keywordTodayMs, 95), Percentile(keywordMs, 50), Percentile(keywordMs, 95),
            Percentile(hybridToday, 50), Percentile(hybridToday, 95), Percentile(hybridMs, 50), Percentile(hybridMs, 95),
            todayManaged / MB, managed / MB, residentToday.AfterQueries, resident.AfterQueries, todayOpenMs, coldOpenMs,
            Percentile(afterOtherWrite, 50), Percentile(afterOwnWrite, 50), size / upsertSeconds, size / batchedSeconds,
        ];
    }

    /// <summary>Documents given to <see cref="KnowledgeStore.UpsertDocumentsAsync"/> in a batch of the store benchmark.</summary>
    private const int DocumentsPerBatch = 20;

    /// <summary>Document <paramref name="d"/> of a benchmark store: chunks <paramref name="start"/> on, with SciFact text and the vectors <paramref name="vector"/> gives.</summary>
    private static (DocumentRecord Record, DocumentChunk[] Chunks) Document(int d, int start, int size, List<string> texts, Func<int, float[]> vector)
    {
        string id = "doc" + d.ToString(CultureInfo.InvariantCulture);
        var record = new DocumentRecord { Id = id, Path = $"folder{d % 10}/{id}.txt", FileType = "txt", ContentHash = id, Title = texts[start % texts.Count][..Math.Min(60, texts[start % texts.Count].Length)] };
        DocumentChunk[] chunks = [.. Enumerable.Range(start, Math.Min(ChunksPerDocument, size - start)).Select(i => new DocumentChunk
        {
            DocumentId = id,
            Index = i - start,
            Text = texts[i % texts.Count],
            Path = record.Path,
            Title = record.Title,
            ContentHash = "c" + i.ToString(CultureInfo.InvariantCulture),
            FileType = "txt",
            Embedding = vector(i),
        })];
        return (record, chunks);
    }

    /// <summary>Loads a second store of the same shape in batches of <see cref="DocumentsPerBatch"/> documents; returns the seconds spent writing.</summary>
    private static async Task<double> UpsertBatchedAsync(string path, int size, List<string> texts, float[][] centroids, CancellationToken ct)
    {
        var random = new Random(size + 1);
        var watch = new Stopwatch();
        using (KnowledgeStore store = SqliteKnowledgeStore.Open(path))
        {
            await store.InitializeAsync(Model, ct);
            var batch = new List<DocumentUpsert>(DocumentsPerBatch);
            for (int start = 0, d = 0; start < size; start += ChunksPerDocument, d++)
            {
                (DocumentRecord record, DocumentChunk[] chunks) = Document(d, start, size, texts, _ => Noisy(random, centroids[random.Next(centroids.Length)], 0.35f));
                batch.Add(new DocumentUpsert(record, chunks));
                if (batch.Count == DocumentsPerBatch || start + ChunksPerDocument >= size)
                {
                    watch.Start();
                    await store.UpsertDocumentsAsync(batch, ct);
                    watch.Stop();
                    batch.Clear();
                }
            }
        }

        SqliteConnection.ClearAllPools();
        foreach (string file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"))
        {
            File.Delete(file);
        }

        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The naive approach (all BLOBs read per query) and an HNSW index (USearch) with its recall and build rate.</summary>
    private static void RunPeers(BenchmarkReport report, string path, int size, float[][] vectors, float[][] queries, long[][] exact, double vectorP50, double upsertSeconds)
    {
        int naiveCount = Math.Max(5, Math.Min(queries.Length, 200_000 / size));
        double[] naiveMs = Time(naiveCount, i => NaiveSearch(path, queries[i], 10));
        var watch = Stopwatch.StartNew();
        using var hnsw = new USearchIndex(MetricKind.Cos, ScalarKind.Float32, Dimensions, connectivity: 16, expansionAdd: 128, expansionSearch: 64);
        for (int i = 0; i < size; i++)
        {
            hnsw.Add((ulong)i, vectors[i]);
        }

        double hnswBuildSeconds = watch.Elapsed.TotalSeconds;
        long[][] hnswFound = new long[queries.Length][];
        double[] hnswMs = Time(queries.Length, i =>
        {
            hnsw.Search(queries[i], 10, out ulong[] keys, out float[] _);
            hnswFound[i] = [.. keys.Select(k => (long)k)];
        });
        report.Table(
        [
            ["Peer", "vector top-10 p50 / p95 (ms)", "recall@10 vs exact", "new int8 / peer p50", "build (chunks/s)"],
            ["Naive (every BLOB read per query)", Ms(naiveMs), "1.000", $"{vectorP50 / Percentile(naiveMs, 50):F3}x", "-"],
            ["HNSW (USearch, M 16, ef 64)", Ms(hnswMs), Recall(exact, hnswFound).ToString("F3", CultureInfo.InvariantCulture), $"{vectorP50 / Percentile(hnswMs, 50):F1}x", $"{size / hnswBuildSeconds:N0} (ours {size / upsertSeconds:N0})"],
        ]);
    }

    /// <summary>Opens the store and answers one query; also the managed heap it adds (before the open, after a full collection, to after the result).</summary>
    private static async Task<(KnowledgeStore Store, double OpenMs, long ManagedBytes)> OpenColdAsync(string path, SqliteStoreOptions options, float[] query, CancellationToken ct)
    {
        SqliteConnection.ClearAllPools();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        KnowledgeStore store = SqliteKnowledgeStore.Open(path, options);
        await store.InitializeAsync(Model, ct);
        await store.SearchAsync(new ChunkSearchRequest { Vector = query }, ct);
        double ms = watch.Elapsed.TotalMilliseconds;
        long managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        return (store, ms, managedAfter - managedBefore);
    }

    /// <summary>The resident memory of the store opened in a fresh process of this program (<see cref="StoreResidentBenchmark"/>), in MB.</summary>
    private static async Task<Resident> MeasureResidentAsync(string path, bool today, int queryCount, CancellationToken ct)
    {
        using var reportDirectory = new TemporaryDirectory();
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), "dotnet", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(StoreBenchmark).Assembly.Location);
        }

        foreach (string argument in new[] { "store-resident", "--path", path, "--queries", queryCount.ToString(CultureInfo.InvariantCulture), "--report", Path.Combine(reportDirectory.Path, "resident.md") })
        {
            start.ArgumentList.Add(argument);
        }

        if (today)
        {
            start.ArgumentList.Add("--today");
        }

        using Process child = Process.Start(start)!;
        string output = await child.StandardOutput.ReadToEndAsync(ct);
        await child.WaitForExitAsync(ct);
        string line = output.Split('\n').FirstOrDefault(l => l.StartsWith(StoreResidentBenchmark.Marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"store-resident exited with {child.ExitCode} and printed no figures: {output}");
        double[] values = [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(pair => double.Parse(pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture))];
        return new Resident(values[0], values[1], values[2], values[3], values[4]);
    }

    /// <summary>Resident growth of a fresh process over its state before the open, with its live managed heap and the GC's committed memory after the queries, in MB.</summary>
    private readonly record struct Resident(double AfterOpen, double AfterQueries, double Peak, double ManagedLive, double GcCommitted)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{AfterOpen:F0} / {AfterQueries:F0} / {Peak:F0} (live {ManagedLive:F0}, GC committed {GcCommitted:F0})");
    }

    /// <summary>
    /// The first keyword query (one already asked, so its posting lists were cached) after a write replacing a 50-chunk
    /// document, five times each, alternating: written by another store on the file (another process, as far as the open
    /// store can tell: its cache is read afresh, which is what every write cost before) and by the open store itself (its
    /// cache is updated inside the write). Also the writes' own times.
    /// </summary>
    private static async Task<(double[] AfterOwn, double[] AfterOther, double[] OwnWriteMs, double[] OtherWriteMs)> TimeFirstKeywordAfterWritesAsync(
        string path, KnowledgeStore current, (DocumentRecord Record, DocumentChunk[] Chunks)[] rewritten, string[] keywords, CancellationToken ct)
    {
        const int Rounds = 5;
        using KnowledgeStore other = SqliteKnowledgeStore.Open(path);
        await other.InitializeAsync(Model, ct);
        double[] afterOwn = new double[Rounds];
        double[] afterOther = new double[Rounds];
        double[] ownWrite = new double[Rounds];
        double[] otherWrite = new double[Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            foreach (bool own in new[] { round % 2 == 0, round % 2 != 0 })
            {
                (DocumentRecord record, DocumentChunk[] chunks) = rewritten[own ? 0 : 1];
                long start = Stopwatch.GetTimestamp();
                await (own ? current : other).UpsertDocumentAsync(record, chunks, ct);
                (own ? ownWrite : otherWrite)[round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                start = Stopwatch.GetTimestamp();
                await current.SearchAsync(new ChunkSearchRequest { Keywords = keywords[round % keywords.Length] }, ct);
                (own ? afterOwn : afterOther)[round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        return (afterOwn, afterOther, ownWrite, otherWrite);
    }


    /// <summary>The configuration of the earlier implementation: float32 vectors in memory, every keyword match scored by <c>bm25()</c> in SQL.</summary>
    internal static SqliteStoreOptions Today => new() { QuantizeVectors = false, RankKeywordsInMemory = false };

    /// <summary>Whether two keyword rankings hold the same scores, rank by rank (rows of equal score may swap).</summary>
    private static bool SameScores(IReadOnlyList<ChunkSearchResult> a, IReadOnlyList<ChunkSearchResult> b) =>
        a.Count == b.Count && a.Zip(b).All(p => Math.Abs(p.First.Score - p.Second.Score) <= 1e-9 * Math.Max(1, Math.Abs(p.First.Score)));

    private static long[] Keys(IReadOnlyList<ChunkSearchResult> results) => [.. results.Select(x => RowKey(x.Chunk))];

    private static string Ratio(double[] value, double[] baseline) => string.Create(CultureInfo.InvariantCulture, $"{Percentile(value, 50) / Percentile(baseline, 50):F2}x");

    /// <summary>Each keyword query on two stores, query by query in alternation (<see cref="TimePairAsync"/>): the times and the results.</summary>
    private static async Task<(double[] AMs, double[] BMs, IReadOnlyList<ChunkSearchResult>[] A, IReadOnlyList<ChunkSearchResult>[] B)> KeywordPairAsync(
        KnowledgeStore a, KnowledgeStore b, string[] keywords, CancellationToken ct)
    {
        var resultsA = new IReadOnlyList<ChunkSearchResult>[keywords.Length];
        var resultsB = new IReadOnlyList<ChunkSearchResult>[keywords.Length];
        (double[] aMs, double[] bMs) = await TimePairAsync(
            keywords.Length,
            async i => resultsA[i] = await a.SearchAsync(new ChunkSearchRequest { Keywords = keywords[i] }, ct),
            async i => resultsB[i] = await b.SearchAsync(new ChunkSearchRequest { Keywords = keywords[i] }, ct));
        return (aMs, bMs, resultsA, resultsB);
    }

    /// <summary>Times two bodies query by query, alternating which runs first, after 20 warm-ups of each.</summary>
    private static async Task<(double[] A, double[] B)> TimePairAsync(int count, Func<int, Task> a, Func<int, Task> b)
    {
        for (int i = 0; i < Math.Min(count, 20); i++)
        {
            await a(i);
            await b(i);
        }

        double[] msA = new double[count];
        double[] msB = new double[count];
        for (int i = 0; i < count; i++)
        {
            bool aFirst = i % 2 == 0;
            long start = Stopwatch.GetTimestamp();
            await (aFirst ? a : b)(i);
            (aFirst ? msA : msB)[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            await (aFirst ? b : a)(i);
            (aFirst ? msB : msA)[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return (msA, msB);
    }

    private static double[] Time(int count, Action<int> body)
    {
        double[] ms = new double[count];
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            body(i);
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return ms;
    }

    private static long RowKey(DocumentChunk chunk) => long.Parse(chunk.ContentHash.AsSpan(1), CultureInfo.InvariantCulture);

    private static void NaiveSearch(string path, float[] query, int top)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT _rowid, embedding FROM chunks;";
        using SqliteDataReader reader = command.ExecuteReader();
        var best = new PriorityQueue<long, float>();
        while (reader.Read())
        {
            float[] vector = Connectors.Sqlite.Storage.VectorCodec.Decode((byte[])reader.GetValue(1));
            float score = TensorPrimitives.CosineSimilarity(query, vector);
            best.Enqueue(reader.GetInt64(0), score);
            if (best.Count > top)
            {
                best.Dequeue();
            }
        }
    }

    internal static double Recall(long[][] truth, long[][] found)
    {
        int hits = 0;
        int total = 0;
        for (int i = 0; i < Math.Min(truth.Length, found.Length); i++)
        {
            var set = new HashSet<long>(truth[i]);
            hits += found[i].Count(set.Contains);
            total += truth[i].Length;
        }

        return total == 0 ? 0 : (double)hits / total;
    }

    internal static async Task<double[]> TimeAsync(int count, Func<int, Task> body)
    {
        for (int i = 0; i < Math.Min(count, 20); i++)
        {
            await body(i); // warm-up (tiered JIT)
        }
        double[] ms = new double[count];
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await body(i);
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return ms;
    }

    internal static double Percentile(double[] values, double p)
    {
        double[] sorted = [.. values.Order()];
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    internal static string Ms(double[] values) => string.Create(CultureInfo.InvariantCulture, $"{Percentile(values, 50):F2} / {Percentile(values, 95):F2}");

    internal static float[] Gaussian(Random random, float scale) => ClusteredVectors.Gaussian(random, Dimensions, scale);

    internal static float[] Noisy(Random random, float[] centroid, float noise) => ClusteredVectors.Noisy(random, centroid, noise);

    internal static (List<string> Texts, List<string> Queries) LoadText(int needed)
    {
        var texts = new List<string>();
        var queries = new List<string>();
        if (File.Exists(CorpusPath))
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(CorpusPath), CompressionMode.Decompress));
            while (reader.ReadLine() is string line && texts.Count < needed)
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                string text = doc.RootElement.GetProperty("text").GetString() ?? string.Empty;
                texts.AddRange(text.Split(". ", StringSplitOptions.RemoveEmptyEntries).Chunk(2).Select(s => string.Join(". ", s)).Where(s => s.Length > 40));
            }

            string queriesPath = Path.Combine(SciFactDirectory, "queries.jsonl");
            foreach (string line in File.ReadLines(queriesPath))
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                queries.Add(doc.RootElement.GetProperty("text").GetString() ?? string.Empty);
            }
        }
        else
        {
            var random = new Random(1);
            string[] words = ["protein", "cell", "gene", "patients", "risk", "cancer", "expression", "mice", "clinical", "response", "treatment", "brain", "virus", "immune", "dose"];
            for (int i = 0; i < 20_000; i++)
            {
                texts.Add(string.Join(' ', Enumerable.Range(0, 40).Select(_ => words[random.Next(words.Length)])));
            }

            queries.AddRange(Enumerable.Range(0, 300).Select(_ => string.Join(' ', Enumerable.Range(0, 5).Select(_ => words[random.Next(words.Length)]))));
        }

        return (texts, queries);
    }
}
