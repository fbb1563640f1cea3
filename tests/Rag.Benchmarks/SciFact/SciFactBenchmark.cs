// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Rag.Benchmarks.Retrieval;
using Rag.TestUtilities;

namespace Rag.Benchmarks.SciFact;

/// <summary>
/// Retrieval quality on BEIR SciFact (5183 abstracts, 300 test queries): keyword only (FTS5 BM25), vector only and hybrid
/// for each built-in model, with the fusion settings tuned on the train split and reported on test, beside the published
/// anchors. Each abstract is one chunk (title + text, the model's first 512 tokens), as in the BEIR protocol.
/// Options: --models arctic,minilm (each arctic | arctic-int8 | arctic-fp32 | minilm; arctic is the default precision, int8;
/// compare precisions with --models arctic-fp32,arctic-int8)  --max-docs N (default all)  --cache DIR (embeddings cache,
/// keyed by model id; default artifacts/benchmarks/cache).
/// </summary>
internal sealed class SciFactBenchmark : IBenchmark
{
    private static readonly (string Name, double NdcgAt10)[] s_anchors =
    [
        ("BM25 (BEIR paper)", 0.665),
        ("BM25 (Pyserini flat)", 0.679),
        ("all-MiniLM-L6-v2 (published)", 0.645),
        ("snowflake-arctic-embed-xs (published)", 0.645),
        ("bge-small-en-v1.5 (published)", 0.713),
        ("bge-base-en-v1.5 (published)", 0.741),
    ];

    public string Name => "scifact";

    public string Description => "SciFact nDCG@10/recall/MRR: BM25, vector and hybrid per model (tuned on train, reported on test), with published anchors (--store sqlite|postgres --connection <npgsql>).";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        string folder = Path.Combine(TestEnvironment.SharedDirectory, "eval", "scifact");
        string[] models = BenchmarkArgs.Get(args, "--models", "arctic,minilm").Split(',', StringSplitOptions.RemoveEmptyEntries);
        int maxDocs = int.Parse(BenchmarkArgs.Get(args, "--max-docs", "0"), CultureInfo.InvariantCulture);
        string cache = BenchmarkArgs.Get(args, "--cache", Path.Combine("artifacts", "benchmarks", "cache"));
        string storeKind = BenchmarkArgs.Get(args, "--store", "sqlite");
        string connection = BenchmarkArgs.Get(args, "--connection", Environment.GetEnvironmentVariable("RAG_TEST_POSTGRES") ?? string.Empty);
        Func<string, string, KnowledgeStore>? openStore = storeKind switch
        {
            "sqlite" => null,
            "postgres" when connection.Length > 0 => (_, model) => Connectors.Postgres.PostgresKnowledgeStore.Create(connection, new Connectors.Postgres.PostgresStoreOptions { Schema = "rag_scifact_" + model }),
            _ => throw new ArgumentException($"--store {storeKind}: use sqlite, or postgres with --connection or RAG_TEST_POSTGRES."),
        };

        BeirDataset test = BeirDataset.Load(folder, "test");
        BeirDataset train = BeirDataset.Load(folder, "train");
        IReadOnlyList<BeirDocument> corpus = maxDocs > 0 ? [.. test.Corpus.Take(maxDocs)] : test.Corpus;
        report.Section($"scifact ({storeKind} store): {corpus.Count} documents, {test.Queries.Count} test queries, {train.Queries.Count} train queries (tuning)");

        var rows = new List<string[]> { RetrievalComparison.Header };
        var testQueries = new QuerySet(test.Queries, test.Judgements);
        var trainQueries = new QuerySet(train.Queries, train.Judgements);
        foreach (string model in models)
        {
            using SciFactIndex index = await SciFactIndex.BuildAsync(model, corpus, cache, report, cancellationToken, openStore);
            await RetrievalComparison.AddModelRowsAsync(index, testQueries, trainQueries, rows, cancellationToken);
            report.Table(rows); // cumulative, so a long run shows each model's figures as soon as they exist
        }

        report.Table([["Published anchor (SciFact test)", "nDCG@10"], .. s_anchors.Select(a => new[] { a.Name, F(a.NdcgAt10) })]);
    }

    private static string F(double value) => RetrievalComparison.Format(value);
}
