// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Rag.Benchmarks.Retrieval;

namespace Rag.Benchmarks.ApiDocs;

/// <summary>
/// Retrieval quality on a second, self-made corpus: the .NET reference documentation (see <see cref="ApiDocsCorpus"/>),
/// ingested through the SDK's folder sync, so it measures the shipped chunking and store as an application gets them.
/// Options: --models arctic,minilm (or arctic+minilm, the two combined; see SciFactIndex.CreateGenerator)  --queries N (per split, default 500)  --xml-dir DIR (default: the running SDK's
/// reference pack)  --cache DIR (stores kept between runs; default artifacts/benchmarks/cache).
/// </summary>
internal sealed class ApiDocsBenchmark : IBenchmark
{
    public string Name => "apidocs";

    public string Description => "Second quality corpus: .NET reference docs (one doc per type, query = the type's summary) through folder sync; BM25, vector, hybrid per model.";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        string[] models = BenchmarkArgs.Get(args, "--models", "arctic,minilm").Split(',', StringSplitOptions.RemoveEmptyEntries);
        int perSplit = int.Parse(BenchmarkArgs.Get(args, "--queries", "500"), CultureInfo.InvariantCulture);
        string cache = BenchmarkArgs.Get(args, "--cache", Path.Combine("artifacts", "benchmarks", "cache"));
        string? xmlFolder = BenchmarkArgs.Get(args, "--xml-dir", string.Empty) is { Length: > 0 } x ? x : null;

        ApiDocsCorpus corpus = ApiDocsCorpus.Load(xmlFolder);
        (var train, var test) = corpus.Split(perSplit);
        report.Section($"apidocs: {corpus.Documents.Count} documents (types) from {corpus.Source}; {corpus.Queries.Count} usable queries, {test.Count} test, {train.Count} train (tuning)");
        report.Line("Example queries: " + string.Join(" | ", test.Take(3).Select(q => $"\"{q.Query}\" → {q.TypeName}")));

        var comparison = new RetrievalComparison();
        foreach (string model in models)
        {
            using FolderPipelineIndex index = await FolderPipelineIndex.BuildAsync(
                model, "apidocs", [.. corpus.Documents.Select(d => (d.Key, ApiDocsCorpus.FileName(d.Key), d.Value))], cache, report, cancellationToken);
            await comparison.AddModelAsync(index, ToQuerySet(test), ToQuerySet(train), tuned: null, cancellationToken);
            report.Table(comparison.Rows);
        }

        report.Line("Test (train) nDCG@10 by vector weight:");
        report.Table(comparison.WeightSweep);
    }

    private static QuerySet ToQuerySet(IReadOnlyList<(string TypeName, string Query)> queries) => new(
        queries.ToDictionary(q => q.TypeName, q => q.Query, StringComparer.Ordinal),
        queries.ToDictionary(q => q.TypeName, q => (IReadOnlyDictionary<string, int>)new Dictionary<string, int>(StringComparer.Ordinal) { [q.TypeName] = 1 }, StringComparer.Ordinal));
}
