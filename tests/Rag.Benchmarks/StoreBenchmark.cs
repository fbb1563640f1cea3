// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Numerics.Tensors;
using System.Text.Json;
using Cloud.Unum.USearch;
using Microsoft.Data.Sqlite;
using Rag.Connectors.Sqlite;
using Rag.Connectors.Sqlite.Search;
using Rag.TestUtilities;

namespace Rag.Benchmarks;

/// <summary>
/// The SQLite knowledge store at 10k and 100k chunks of 384-d clustered vectors with SciFact text: vector, keyword and
/// hybrid latency, upsert throughput and cold open, beside the naive approach (all BLOBs read per query) and an HNSW
/// index (USearch) with its recall@10.
/// </summary>
internal sealed class StoreBenchmark : IBenchmark
{
    private const int Dimensions = 384;
    private const int ChunksPerDocument = 50;
    private static readonly EmbeddingModelInfo s_model = new("bench-clustered-384", Dimensions);

    public string Name => "store";

    public string Description => "SQLite store: vector/keyword/hybrid p50/p95, upsert, cold open vs naive BLOB scan and USearch HNSW (--sizes 10000,100000 --queries 200)";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        int[] sizes = [.. BenchmarkArgs.Get(args, "--sizes", "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        int queryCount = int.Parse(BenchmarkArgs.Get(args, "--queries", "200"), CultureInfo.InvariantCulture);
        (List<string> texts, List<string> queries) = LoadText(sizes.Max());
        report.Line($"Data: {Dimensions}-d vectors around 200 random centroids (noise 0.35, normalised); chunk text from {(File.Exists(CorpusPath) ? "SciFact abstracts (sentences)" : "generated words")}; {ChunksPerDocument} chunks per document; top-10.");
        foreach (int size in sizes)
        {
            await RunSizeAsync(report, size, queryCount, texts, queries, cancellationToken);
        }
    }

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

    private static async Task RunSizeAsync(BenchmarkReport report, int size, int queryCount, List<string> texts, List<string> queryTexts, CancellationToken ct)
    {
        report.Section($"{size:N0} chunks");
        var random = new Random(size);
        float[][] centroids = [.. Enumerable.Range(0, 200).Select(_ => Gaussian(random, 1f))];
        float[][] vectors = [.. Enumerable.Range(0, size).Select(_ => Noisy(random, centroids[random.Next(centroids.Length)], 0.35f))];
        float[][] queries = [.. Enumerable.Range(0, queryCount).Select(_ => Noisy(random, centroids[random.Next(centroids.Length)], 0.35f))];
        string[] keywords = [.. Enumerable.Range(0, queryCount).Select(i => queryTexts[i % queryTexts.Count])];
        using var directory = new TemporaryDirectory();
        string path = Path.Combine(directory.Path, "kb.db");

        // Upsert: documents of 50 chunks, one transaction each (embedding excluded).
        var watch = Stopwatch.StartNew();
        using (KnowledgeStore store = SqliteKnowledgeStore.Open(path))
        {
            await store.InitializeAsync(s_model, ct);
            for (int start = 0, d = 0; start < size; start += ChunksPerDocument, d++)
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
                    Embedding = vectors[i],
                })];
                await store.UpsertDocumentAsync(record, chunks, ct);
            }
        }

        double upsertSeconds = watch.Elapsed.TotalSeconds;
        SqliteConnection.ClearAllPools();

        // Cold open: open the file, bind the model, load every vector, answer the first query.
        watch.Restart();
        using KnowledgeStore opened = SqliteKnowledgeStore.Open(path);
        await opened.InitializeAsync(s_model, ct);
        await opened.SearchAsync(new ChunkSearchRequest { Vector = queries[0] }, ct);
        double coldOpenMs = watch.Elapsed.TotalMilliseconds;

        // Ours: exact vector, keyword, hybrid.
        long[][] exact = new long[queryCount][];
        double[] vectorMs = await TimeAsync(queryCount, async i =>
        {
            IReadOnlyList<ChunkSearchResult> r = await opened.SearchAsync(new ChunkSearchRequest { Vector = queries[i] }, ct);
            exact[i] = [.. r.Select(x => RowKey(x.Chunk))];
        });
        double[] keywordMs = await TimeAsync(queryCount, i => opened.SearchAsync(new ChunkSearchRequest { Keywords = keywords[i] }, ct));
        double[] hybridMs = await TimeAsync(queryCount, i => opened.SearchAsync(new ChunkSearchRequest { Vector = queries[i], Keywords = keywords[i] }, ct));
        double[] hybridRrfMs = await TimeAsync(queryCount, i => opened.SearchAsync(new ChunkSearchRequest { Vector = queries[i], Keywords = keywords[i], Hybrid = new HybridSearchSettings { Method = HybridFusionMethod.ReciprocalRank } }, ct));

        // Naive: read every BLOB per query.
        int naiveCount = Math.Max(5, Math.Min(queryCount, 200_000 / size));
        double[] naiveMs = await TimeAsync(naiveCount, i =>
        {
            NaiveSearch(path, queries[i], 10);
            return Task.CompletedTask;
        });

        // int8 in-memory copy: with exact rescoring (the store option) and without (raw index).
        double recallInt8Rescored;
        double[] int8Ms;
        using (KnowledgeStore quantized = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { QuantizeVectors = true }))
        {
            await quantized.InitializeAsync(s_model, ct);
            long[][] found = new long[queryCount][];
            int8Ms = await TimeAsync(queryCount, async i =>
            {
                IReadOnlyList<ChunkSearchResult> r = await quantized.SearchAsync(new ChunkSearchRequest { Vector = queries[i] }, ct);
                found[i] = [.. r.Select(x => RowKey(x.Chunk))];
            });
            recallInt8Rescored = Recall(exact, found);
        }

        var rawInt8 = new VectorIndex(Dimensions, VectorMetric.Cosine, quantized: true);
        var rawFloat = new VectorIndex(Dimensions, VectorMetric.Cosine, quantized: false);
        for (int i = 0; i < size; i++)
        {
            rawInt8.Set(i, 0, vectors[i]);
            rawFloat.Set(i, 0, vectors[i]);
        }

        long[][] rawTruth = [.. queries.Select(q => rawFloat.Search(rawFloat.PrepareQuery(q), 10, null).Select(r => r.RowId).ToArray())];
        long[][] rawFound = [.. queries.Select(q => rawInt8.Search(rawInt8.PrepareQuery(q), 10, null).Select(r => r.RowId).ToArray())];
        double recallInt8Raw = Recall(rawTruth, rawFound);

        // HNSW (USearch), same vectors, recall against the exact search.
        watch.Restart();
        using var hnsw = new USearchIndex(MetricKind.Cos, ScalarKind.Float32, Dimensions, connectivity: 16, expansionAdd: 128, expansionSearch: 64);
        for (int i = 0; i < size; i++)
        {
            hnsw.Add((ulong)i, vectors[i]);
        }

        double hnswBuildSeconds = watch.Elapsed.TotalSeconds;
        long[][] hnswFound = new long[queryCount][];
        double[] hnswMs = await TimeAsync(queryCount, i =>
        {
            hnsw.Search(queries[i], 10, out ulong[] keys, out float[] _);
            hnswFound[i] = [.. keys.Select(k => (long)k)];
            return Task.CompletedTask;
        });
        double recallHnsw = Recall(rawTruth, hnswFound);

        double vectorP50 = Percentile(vectorMs, 50);
        report.Table(
        [
            ["Measure", "Ours (exact, in-memory)", "Naive (BLOB scan)", "HNSW (USearch)", "Ratio"],
            ["vector top-10 p50 / p95 (ms)", Ms(vectorMs), Ms(naiveMs), Ms(hnswMs), $"naive/ours {Percentile(naiveMs, 50) / vectorP50:F0}x; ours/HNSW {vectorP50 / Percentile(hnswMs, 50):F1}x"],
            ["recall@10 vs exact", "1.000", "1.000", recallHnsw.ToString("F3", CultureInfo.InvariantCulture), string.Empty],
            ["keyword (FTS5 BM25) p50 / p95 (ms)", Ms(keywordMs), "-", "-", string.Empty],
            ["hybrid min-max p50 / p95 (ms)", Ms(hybridMs), "-", "-", string.Empty],
            ["hybrid RRF p50 / p95 (ms)", Ms(hybridRrfMs), "-", "-", string.Empty],
            ["upsert (chunks/s, 50/transaction, FTS incl.)", $"{size / upsertSeconds:N0}", "-", $"{size / hnswBuildSeconds:N0} (index build)", $"ours/HNSW build {hnswBuildSeconds / upsertSeconds:F1}x"],
            ["cold open + load + first query (ms)", $"{coldOpenMs:F0}", "-", "-", string.Empty],
            ["int8 copy: vector p50 / p95 (ms)", Ms(int8Ms), "-", "-", $"recall@10 rescored {recallInt8Rescored:F3}, raw {recallInt8Raw:F3}"],
            ["in-memory vectors (MB) float / int8", $"{rawFloat.MemoryBytes / 1048576.0:F1} / {rawInt8.MemoryBytes / 1048576.0:F1}", "0", "-", string.Empty],
        ]);
        report.Line($"Targets at 100k: vector p50 <= 20 ms, hybrid p50 <= 40 ms, upsert >= 20k chunks/s, cold open <= 1.5 s. Naive measured over {naiveCount} queries; others over {queryCount}. DB file {new FileInfo(path).Length / 1048576.0:F0} MB.");
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

    internal static float[] Gaussian(Random random, float scale)
    {
        float[] v = new float[Dimensions];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = scale * (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return v;
    }

    internal static float[] Noisy(Random random, float[] centroid, float noise)
    {
        float[] v = Gaussian(random, noise);
        TensorPrimitives.Add(v, centroid, v);
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }

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
