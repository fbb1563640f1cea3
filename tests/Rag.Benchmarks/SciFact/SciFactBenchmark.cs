// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Rag.Benchmarks.Retrieval;
using Rag.TestUtilities;

namespace Rag.Benchmarks.SciFact;

/// <summary>
/// Retrieval quality on BEIR SciFact (5183 abstracts, 300 test queries): keyword only (FTS5 BM25), vector only and hybrid
/// for each built-in model, with the fusion settings tuned on the train split and reported on test, beside the published
/// anchors. Each abstract is one chunk (title + text, the model's first 512 tokens), as in the BEIR protocol.
/// Options: --models arctic,minilm (each arctic | arctic-int8 | arctic-fp32 | minilm | arctic+minilm, the two combined; arctic is the default precision, int8;
/// compare precisions with --models arctic-fp32,arctic-int8)  --max-docs N (default all)  --cache DIR (embeddings cache,
/// keyed by model id; default artifacts/benchmarks/cache)  --store sqlite|postgres|sqlite,postgres (several stores run in
/// turn in one report, the later ones with the fusion settings tuned on the first, then a table of nDCG@10 by store)
/// --connection NPGSQL (or RAG_TEST_POSTGRES)  --pipeline (instead of the BEIR protocol: each abstract a Markdown file,
/// ingested through the SDK's folder sync and default chunking, as an application would; the store is cached)
/// --keyword-only (no embeddings: keyword search with the English keyword analysis, as before languages were told apart,
/// against the default automatic one, on test, and how many queries rank identically; on each --store; SQLite also scored by bm25() in SQL against ranked in memory).
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

    public string Description => "SciFact nDCG@10/recall/MRR: BM25, vector and hybrid per model (tuned on train, reported on test), with published anchors (--store sqlite|postgres|sqlite,postgres --connection <npgsql>).";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        string folder = Path.Combine(TestEnvironment.SharedDirectory, "eval", "scifact");
        string[] models = BenchmarkArgs.Get(args, "--models", "arctic,minilm").Split(',', StringSplitOptions.RemoveEmptyEntries);
        int maxDocs = int.Parse(BenchmarkArgs.Get(args, "--max-docs", "0"), CultureInfo.InvariantCulture);
        string cache = BenchmarkArgs.Get(args, "--cache", Path.Combine("artifacts", "benchmarks", "cache"));
        string[] storeKinds = BenchmarkArgs.Get(args, "--store", "sqlite").Split(',', StringSplitOptions.RemoveEmptyEntries);
        bool pipeline = args.Contains("--pipeline");
        if (pipeline && storeKinds is not ["sqlite"])
        {
            throw new ArgumentException("--pipeline runs on the SQLite store only.");
        }

        string connection = BenchmarkArgs.Get(args, "--connection", Environment.GetEnvironmentVariable("RAG_TEST_POSTGRES") ?? string.Empty);
        Func<string, string, KnowledgeStore>?[] openStores = [.. storeKinds.Select(kind => OpenStore(kind, connection))];

        BeirDataset test = BeirDataset.Load(folder, "test");
        BeirDataset train = BeirDataset.Load(folder, "train");
        IReadOnlyList<BeirDocument> corpus = maxDocs > 0 ? [.. test.Corpus.Take(maxDocs)] : test.Corpus;
        var testQueries = new QuerySet(test.Queries, test.Judgements);
        var trainQueries = new QuerySet(train.Queries, train.Judgements);
        if (args.Contains("--keyword-only"))
        {
            foreach (string kind in storeKinds)
            {
                await RunKeywordOnlyAsync(report, corpus, testQueries, KeywordOnlyStore(kind, connection), kind, cancellationToken);
            }

            return;
        }

        var comparisons = new List<RetrievalComparison>();
        var tuned = new Dictionary<string, IReadOnlyDictionary<HybridFusionMethod, HybridSearchSettings>>(StringComparer.Ordinal); // by model: the first store's, reused by the others
        for (int s = 0; s < storeKinds.Length; s++)
        {
            report.Section($"scifact ({storeKinds[s]} store{(pipeline ? ", SDK folder pipeline" : string.Empty)}): {corpus.Count} documents, {test.Queries.Count} test queries, {train.Queries.Count} train queries (tuning)");
            var comparison = new RetrievalComparison();
            foreach (string model in models)
            {
                using IRetrievalIndex index = pipeline
                    ? await FolderPipelineIndex.BuildAsync(model, "scifact-pipeline", [.. corpus.Select(d => (d.Id, d.Id + ".md", $"# {d.Title}\n\n{d.Text}\n"))], cache, report, cancellationToken)
                    : await SciFactIndex.BuildAsync(model, corpus, cache, report, cancellationToken, openStores[s]);
                tuned[model] = await comparison.AddModelAsync(index, testQueries, trainQueries, tuned.GetValueOrDefault(model), cancellationToken);
                report.Table(comparison.Rows); // cumulative, so a long run shows each model's figures as soon as they exist
            }

            if (s == 0)
            {
                report.Line("Test (train) nDCG@10 by vector weight (the first store's tuning runs):");
                report.Table(comparison.WeightSweep);
            }

            comparisons.Add(comparison);
        }

        if (storeKinds.Length > 1)
        {
            report.Section($"scifact nDCG@10 by store ({string.Join(" vs ", storeKinds)}; same fusion settings, tuned on train on {storeKinds[0]})");
            report.Table([["Configuration", .. storeKinds, $"{storeKinds[^1]} - {storeKinds[0]}"], .. Compare(comparisons)]);
        }

        report.Table([["Published anchor (SciFact test)", "nDCG@10"], .. s_anchors.Select(a => new[] { a.Name, RetrievalComparison.Format(a.NdcgAt10) })]);
    }

    /// <summary>Keyword search on test with each keyword-analysis setting; the first (English) is the behaviour before languages were told apart.</summary>
    private static async Task RunKeywordOnlyAsync(
        BenchmarkReport report, IReadOnlyList<BeirDocument> corpus, QuerySet test, Func<KeywordOnlySetting, Func<string, CancellationToken, Task<KnowledgeStore>>> openStore, string storeKind, CancellationToken cancellationToken)
    {
        report.Section($"scifact keyword only ({storeKind} store): {corpus.Count} documents, {test.Queries.Count} test queries, by keyword-analysis setting");
        if (storeKind == "sqlite")
        {
            var analyzer = new Connectors.Sqlite.Search.Analysis.KeywordAnalyzer(KeywordLanguage.Auto);
            int notEnglish = corpus.Count(d => IsAnalysedAsOtherThanEnglish(analyzer, d));
            report.Line($"Auto analyses {notEnglish} of {corpus.Count} abstracts (any of their sentences or titles) as other than English.");
        }
        var rows = new List<string[]> { new[] { "Keyword analysis", "nDCG@10", "Recall@10", "Recall@100", "MRR@10", "Queries ranked as with English" } };
        Dictionary<string, IReadOnlyList<string>>? baseline = null;
        KeywordOnlySetting[] settings = storeKind == "sqlite"
            ? [new("English", KeywordLanguage.English), new("Auto, bm25() in SQL", KeywordLanguage.Auto, RankInMemory: false), new("Auto, ranked in memory (default)", KeywordLanguage.Auto)]
            : [new("English", KeywordLanguage.English), new("Auto", KeywordLanguage.Auto)];
        foreach (KeywordOnlySetting setting in settings)
        {
            using SciFactIndex index = await SciFactIndex.BuildKeywordOnlyAsync(corpus, openStore(setting), setting.Name, report, cancellationToken);
            Dictionary<string, IReadOnlyList<string>> rankings = await index.RankAsync(test, useVector: false, useKeywords: true, null, cancellationToken);
            baseline ??= rankings;
            Evaluation.RetrievalMetrics m = Evaluation.RetrievalEvaluator.Evaluate(test.Judgements, rankings);
            int same = rankings.Count(r => baseline[r.Key].SequenceEqual(r.Value, StringComparer.Ordinal));
            rows.Add([setting.Name, RetrievalComparison.Format(m.NdcgAt10), RetrievalComparison.Format(m.RecallAt10), RetrievalComparison.Format(m.RecallAt100), RetrievalComparison.Format(m.MrrAt10), $"{same} / {rankings.Count}"]);
            report.Table(rows);
        }
    }

    private static bool IsAnalysedAsOtherThanEnglish(Connectors.Sqlite.Search.Analysis.KeywordAnalyzer analyzer, BeirDocument document)
    {
        Connectors.Sqlite.Search.Analysis.AnalysedChunk analysed = analyzer.AnalyseChunks([(document.Title, string.Empty, document.Text)], CancellationToken.None)[0];
        return analysed.Used.Any(l => l != Connectors.Search.Analysis.LanguageProfile.English);
    }

    private static Func<string, string, KnowledgeStore>? OpenStore(string kind, string connection) => kind switch
    {
        "sqlite" => null,
        "postgres" when connection.Length > 0 => (_, model) => Connectors.Postgres.PostgresKnowledgeStore.Create(connection, new Connectors.Postgres.PostgresStoreOptions { Schema = "rag_scifact_" + model.Replace('-', '_').Replace('+', '_') }),
        _ => throw UnknownStore(kind),
    };

    private static ArgumentException UnknownStore(string kind) =>
        new($"--store {kind}: use sqlite, or postgres with --connection or RAG_TEST_POSTGRES (a comma-separated list runs each in turn).");

    /// <summary>Opens an empty store of <paramref name="kind"/> for a keyword-only run with a keyword-analysis setting.</summary>
    private static Func<KeywordOnlySetting, Func<string, CancellationToken, Task<KnowledgeStore>>> KeywordOnlyStore(string kind, string connection) => kind switch
    {
        "sqlite" => setting => (folder, _) => Task.FromResult(Connectors.Sqlite.SqliteKnowledgeStore.Open(Path.Combine(folder, "scifact.db"), new Connectors.Sqlite.SqliteStoreOptions { KeywordLanguage = setting.Language, RankKeywordsInMemory = setting.RankInMemory })),
        "postgres" when connection.Length > 0 => setting => async (_, cancellationToken) =>
        {
            KnowledgeStore store = Connectors.Postgres.PostgresKnowledgeStore.Create(
                connection, new Connectors.Postgres.PostgresStoreOptions { Schema = "rag_scifact_keyword_" + setting.Language.ToString().ToLowerInvariant(), KeywordLanguage = setting.Language });
            await store.ResetAsync(new EmbeddingModelInfo("keyword-only", 1), cancellationToken); // empty, also when an earlier run left it full
            return store;
        },
        _ => throw UnknownStore(kind),
    };

    /// <summary>A keyword-only configuration: its row name, the keyword-analysis setting and (SQLite) whether keywords are ranked in memory.</summary>
    private sealed record KeywordOnlySetting(string Name, KeywordLanguage Language, bool RankInMemory = true);

    /// <summary>One row per configuration: its nDCG@10 on each store (the first store's configuration name) and the last store's difference from the first.</summary>
    private static IEnumerable<string[]> Compare(List<RetrievalComparison> comparisons)
    {
        for (int row = 1; row < comparisons[0].Rows.Count; row++)
        {
            double[] ndcg = [.. comparisons.Select(c => double.Parse(c.Rows[row][2], CultureInfo.InvariantCulture))];
            string name = comparisons[0].Rows[row][0];
            yield return [name, .. ndcg.Select(RetrievalComparison.Format), (ndcg[^1] - ndcg[0]).ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture)];
        }
    }
}
