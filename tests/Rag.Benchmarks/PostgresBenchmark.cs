// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Rag.Connectors.Postgres;
using Rag.Connectors.Sqlite;
using Rag.TestUtilities;

namespace Rag.Benchmarks;

/// <summary>
/// The PostgreSQL (pgvector HNSW + tsvector) knowledge store beside the SQLite store on the same data, in one run:
/// upsert throughput, vector/keyword/hybrid query p50/p95 and the HNSW recall@10 against SQLite's exact search.
/// The server is named by <c>--connection</c> or <c>RAG_TEST_POSTGRES</c>.
/// </summary>
internal sealed class PostgresBenchmark : IBenchmark
{
    private const int Dimensions = 384;
    private const int ChunksPerDocument = 50;
    private static readonly EmbeddingModelInfo s_model = new("bench-clustered-384", Dimensions);

    public string Name => "postgres";

    public string Description => "PostgreSQL vs SQLite store: upsert, vector/keyword/hybrid p50/p95, HNSW recall (--sizes 10000,100000 --queries 100 --connection <npgsql>)";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        string connectionString = BenchmarkArgs.Get(args, "--connection", Environment.GetEnvironmentVariable("RAG_TEST_POSTGRES") ?? string.Empty);
        if (connectionString.Length == 0)
        {
            throw new InvalidOperationException("Name a PostgreSQL server with --connection or RAG_TEST_POSTGRES (tests/Rag.Connectors.Postgres.Tests/pglite/start-pglite.sh starts PGlite).");
        }

        int[] sizes = [.. BenchmarkArgs.Get(args, "--sizes", "10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        int queryCount = int.Parse(BenchmarkArgs.Get(args, "--queries", "100"), CultureInfo.InvariantCulture);
        (List<string> texts, List<string> queryTexts) = StoreBenchmark.LoadText(sizes.Max());
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        await using NpgsqlDataSource dataSource = builder.Build();
        string version;
        await using (NpgsqlCommand command = dataSource.CreateCommand("SELECT version();"))
        {
            version = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        report.Line($"Server: {version}.");
        report.Line($"Data: {Dimensions}-d vectors around 200 random centroids (noise 0.35, normalised); {ChunksPerDocument} chunks per document; top-10; same data and queries for both stores.");
        if (version.Contains("PGlite", StringComparison.Ordinal))
        {
            report.Line("PGlite is PostgreSQL compiled to single-threaded WebAssembly behind a Node.js socket: its figures show correctness and relative cost, not what a native PostgreSQL server achieves.");
        }

        foreach (int size in sizes)
        {
            await RunSizeAsync(report, dataSource, size, queryCount, texts, queryTexts, cancellationToken);
        }
    }

    private static async Task RunSizeAsync(BenchmarkReport report, NpgsqlDataSource dataSource, int size, int queryCount, List<string> texts, List<string> queryTexts, CancellationToken ct)
    {
        report.Section($"{size:N0} chunks");
        var random = new Random(size);
        float[][] centroids = [.. Enumerable.Range(0, 200).Select(_ => StoreBenchmark.Gaussian(random, 1f))];
        float[][] vectors = [.. Enumerable.Range(0, size).Select(_ => StoreBenchmark.Noisy(random, centroids[random.Next(centroids.Length)], 0.35f))];
        float[][] queries = [.. Enumerable.Range(0, queryCount).Select(_ => StoreBenchmark.Noisy(random, centroids[random.Next(centroids.Length)], 0.35f))];
        string[] keywords = [.. Enumerable.Range(0, queryCount).Select(i => queryTexts[i % queryTexts.Count])];
        (DocumentRecord Record, DocumentChunk[] Chunks)[] documents = [.. Documents(size, vectors, texts)];
        string schema = "rag_bench_" + size.ToString(CultureInfo.InvariantCulture);
        await DropSchemaAsync(dataSource, schema, ct);
        using var directory = new TemporaryDirectory();
        try
        {
            using KnowledgeStore sqlite = SqliteKnowledgeStore.Open(Path.Combine(directory.Path, "kb.db"));
            using KnowledgeStore postgres = PostgresKnowledgeStore.Create(dataSource, new PostgresStoreOptions { Schema = schema });
            double sqliteUpsert = await LoadAsync(sqlite, documents, ct);
            double postgresUpsert = await LoadAsync(postgres, documents, ct);

            long[][] exact = new long[queryCount][];
            long[][] approximate = new long[queryCount][];
            double[] sqliteVector = await StoreBenchmark.TimeAsync(queryCount, async i => exact[i] = Keys(await sqlite.SearchAsync(new ChunkSearchRequest { Vector = queries[i] }, ct)));
            double[] postgresVector = await StoreBenchmark.TimeAsync(queryCount, async i => approximate[i] = Keys(await postgres.SearchAsync(new ChunkSearchRequest { Vector = queries[i] }, ct)));
            double[] sqliteKeyword = await StoreBenchmark.TimeAsync(queryCount, i => sqlite.SearchAsync(new ChunkSearchRequest { Keywords = keywords[i] }, ct));
            double[] postgresKeyword = await StoreBenchmark.TimeAsync(queryCount, i => postgres.SearchAsync(new ChunkSearchRequest { Keywords = keywords[i] }, ct));
            double[] sqliteHybrid = await StoreBenchmark.TimeAsync(queryCount, i => sqlite.SearchAsync(new ChunkSearchRequest { Vector = queries[i], Keywords = keywords[i] }, ct));
            double[] postgresHybrid = await StoreBenchmark.TimeAsync(queryCount, i => postgres.SearchAsync(new ChunkSearchRequest { Vector = queries[i], Keywords = keywords[i] }, ct));

            report.Table(
            [
                ["Measure", "SQLite (exact, in-memory)", "PostgreSQL (HNSW, tsvector)", "PostgreSQL / SQLite"],
                ["vector top-10 p50 / p95 (ms)", StoreBenchmark.Ms(sqliteVector), StoreBenchmark.Ms(postgresVector), Ratio(postgresVector, sqliteVector)],
                ["keyword p50 / p95 (ms)", StoreBenchmark.Ms(sqliteKeyword), StoreBenchmark.Ms(postgresKeyword), Ratio(postgresKeyword, sqliteKeyword)],
                ["hybrid min-max p50 / p95 (ms)", StoreBenchmark.Ms(sqliteHybrid), StoreBenchmark.Ms(postgresHybrid), Ratio(postgresHybrid, sqliteHybrid)],
                ["upsert (chunks/s, 50 per transaction)", $"{size / sqliteUpsert:N0}", $"{size / postgresUpsert:N0}", $"{sqliteUpsert / postgresUpsert:F2}x"],
                ["vector recall@10 vs exact", "1.000", StoreBenchmark.Recall(exact, approximate).ToString("F3", CultureInfo.InvariantCulture), string.Empty],
            ]);
            report.Line($"Measured over {queryCount} queries each, after 20 warm-up queries.");
        }
        finally
        {
            await DropSchemaAsync(dataSource, schema, ct);
        }
    }

    private static IEnumerable<(DocumentRecord, DocumentChunk[])> Documents(int size, float[][] vectors, List<string> texts)
    {
        for (int start = 0, d = 0; start < size; start += ChunksPerDocument, d++)
        {
            string id = "doc" + d.ToString(CultureInfo.InvariantCulture);
            string title = texts[start % texts.Count][..Math.Min(60, texts[start % texts.Count].Length)];
            var record = new DocumentRecord { Id = id, Path = $"folder{d % 10}/{id}.txt", FileType = "txt", ContentHash = id, Title = title, ChunkCount = Math.Min(ChunksPerDocument, size - start) };
            yield return (record, [.. Enumerable.Range(start, record.ChunkCount).Select(i => new DocumentChunk
            {
                DocumentId = id,
                Index = i - start,
                Text = texts[i % texts.Count],
                Path = record.Path,
                Title = title,
                ContentHash = "c" + i.ToString(CultureInfo.InvariantCulture),
                FileType = "txt",
                Embedding = vectors[i],
            })]);
        }
    }

    private static async Task<double> LoadAsync(KnowledgeStore store, (DocumentRecord Record, DocumentChunk[] Chunks)[] documents, CancellationToken ct)
    {
        await store.InitializeAsync(s_model, ct);
        var watch = Stopwatch.StartNew();
        foreach ((DocumentRecord record, DocumentChunk[] chunks) in documents)
        {
            await store.UpsertDocumentAsync(record, chunks, ct);
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static long[] Keys(IReadOnlyList<ChunkSearchResult> results) => [.. results.Select(r => long.Parse(r.Chunk.ContentHash.AsSpan(1), CultureInfo.InvariantCulture))];

    private static string Ratio(double[] numerator, double[] denominator) =>
        string.Create(CultureInfo.InvariantCulture, $"{StoreBenchmark.Percentile(numerator, 50) / StoreBenchmark.Percentile(denominator, 50):F1}x");

    private static async Task DropSchemaAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE;");
        await command.ExecuteNonQueryAsync(ct);
    }
}
