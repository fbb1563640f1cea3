// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Rag.Connectors.Onnx;
using Rag.TestUtilities;

namespace Rag.Benchmarks;

/// <summary>
/// The int8 ArcticEmbedXs (built by our quantizer at build time, the default) against the fp32 model it came from, in one
/// run: sentences/s on ~60-word sentences and on SciFact abstracts (title + text, ~330 tokens), single-query latency,
/// cosine of the int8 vectors to fp32, and the embedded model sizes; the default model (all-MiniLM-L6-v2, fp32 only) runs
/// beside them for the speed cost of the default. The contenders alternate per batch (and rotate order each round) and keep
/// their best time per batch, so machine noise hits all alike.
/// Options: --batches N (sentence batches of 32, default 4), --abstracts N (default 64), --rounds N (default 3),
/// --threads N (default 2), --words N (default 60), --queries N (latency runs, default 30).
/// </summary>
internal sealed class QuantBenchmark : IBenchmark
{

    public string Name => "quant";

    public string Description => "int8 vs fp32 ArcticEmbedXs (and the default MiniLM): sentences/s (60-word sentences, SciFact abstracts), query latency, cosine, model sizes.";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        int batches = Int(args, "--batches", 4);
        int abstracts = Int(args, "--abstracts", 64);
        int rounds = Int(args, "--rounds", 3);
        int threads = Int(args, "--threads", 2);
        int words = Int(args, "--words", 60);
        int queries = Int(args, "--queries", 30);

        using IEmbeddingGenerator<string, Embedding<float>> fp32 = Create(EmbeddingModelPrecision.Float32, threads);
        using IEmbeddingGenerator<string, Embedding<float>> int8 = Create(EmbeddingModelPrecision.Int8, threads);
        using IEmbeddingGenerator<string, Embedding<float>> miniLm = OnnxEmbeddingGenerator.Create(new()
        {
            BuiltInModel = BuiltInEmbeddingModel.AllMiniLmL6V2,
            IntraOpNumThreads = threads,
            MaxBatchSize = EmbedBenchmark.BatchSize,
        });
        IEmbeddingGenerator<string, Embedding<float>>[] contenders = [fp32, int8, miniLm];
        ITokenCounter counter = int8.GetService<ITokenCounter>()!;

        report.Section($"quant: {fp32.GetService<EmbeddingModelInfo>()!.ModelId} vs {int8.GetService<EmbeddingModelInfo>()!.ModelId}, {threads} threads, best of {rounds} rounds per batch");
        var rows = new List<string[]> { new[] { "workload", "inputs", "mean tokens", "fp32 /s", "int8 /s", "int8 / fp32", "target", "cosine mean / min", "MiniLM fp32 /s", "int8 / MiniLM" } };

        string[][] sentences = EmbedBenchmark.MakeBatches(batches, words);
        rows.Add(await CompareAsync($"~{words}-word sentences", sentences, contenders, counter, rounds, 2.0, cancellationToken));

        string folder = TestEnvironment.SciFactDirectory;
        if (File.Exists(Path.Combine(folder, "corpus.jsonl.gz")) || File.Exists(Path.Combine(folder, "corpus.jsonl")))
        {
            BeirDataset scifact = BeirDataset.Load(folder, "test");
            string[] texts = [.. scifact.Corpus.Take(abstracts).Select(d => string.IsNullOrEmpty(d.Title) ? d.Text : d.Title + "\n" + d.Text)];
            string[][] abstractBatches = [.. texts.Chunk(EmbedBenchmark.BatchSize)];
            rows.Add(await CompareAsync("SciFact abstracts (title + text)", abstractBatches, contenders, counter, rounds, 1.9, cancellationToken));
        }
        else
        {
            report.Line($"SciFact corpus not found under {folder}: abstracts skipped.");
        }

        report.Table(rows);

        // Single-query latency: one short query (query prefix included), alternating, median and p90 of each.
        const string Query = "does vitamin D supplementation reduce the risk of fractures in older adults";
        EmbeddingGenerationOptions queryOptions = new EmbeddingGenerationOptions().WithPurpose(EmbeddingPurpose.Query);
        var latencies = new List<double>[] { [], [], [] };
        for (int i = 0; i < queries; i++)
        {
            for (int k = 0; k < contenders.Length; k++)
            {
                int c = (i + k) % contenders.Length;
                latencies[c].Add(await TimeAsync(() => contenders[c].GenerateAsync([Query], queryOptions, cancellationToken)) * 1000);
            }
        }

        report.Table(
        [
            ["single query", "fp32 ms (median / p90)", "int8 ms (median / p90)", "fp32 / int8 (median)", "MiniLM fp32 ms (median / p90)"],
            [$"{counter.CountTokens(Query)} tokens + prefix", $"{F(Percentile(latencies[0], 0.5), "F2")} / {F(Percentile(latencies[0], 0.9), "F2")}",
                $"{F(Percentile(latencies[1], 0.5), "F2")} / {F(Percentile(latencies[1], 0.9), "F2")}", $"{F(Percentile(latencies[0], 0.5) / Percentile(latencies[1], 0.5), "F2")}x",
                $"{F(Percentile(latencies[2], 0.5), "F2")} / {F(Percentile(latencies[2], 0.9), "F2")}"],
        ]);

        string models = Path.Combine(AppContext.BaseDirectory, "rag-models", "ArcticXs");
        long fp32Bytes = new FileInfo(Path.Combine(models, "model.onnx")).Length;
        long int8Bytes = new FileInfo(Path.Combine(models, "model.int8.onnx")).Length;
        string connector = typeof(OnnxEmbeddingGenerator).Assembly.Location;
        report.Table(
        [
            ["model file (package Rag.Connectors.Onnx.Models.ArcticXs)", "bytes", "MB"],
            ["rag-models/ArcticXs/model.onnx (fp32)", fp32Bytes.ToString(CultureInfo.InvariantCulture), F(fp32Bytes / 1048576.0, "F1")],
            ["rag-models/ArcticXs/model.int8.onnx (7-bit int8 MatMuls, fp16 embeddings)", int8Bytes.ToString(CultureInfo.InvariantCulture), F(int8Bytes / 1048576.0, "F1")],
            ["Rag.Connectors.Onnx.dll (no model inside)", new FileInfo(connector).Length.ToString(CultureInfo.InvariantCulture), F(new FileInfo(connector).Length / 1048576.0, "F1")],
        ]);
    }

    /// <summary>Times arctic fp32, arctic int8 and MiniLM (in that order in <paramref name="contenders"/>) on the same batches; the cosine compares the first two.</summary>
    private static async Task<string[]> CompareAsync(
        string name, string[][] batches, IEmbeddingGenerator<string, Embedding<float>>[] contenders,
        ITokenCounter counter, int rounds, double target, CancellationToken cancellationToken)
    {
        // Warm-up (model load, first-run allocations) outside the timings; it also gives the vectors for the cosine.
        var cosines = new List<double>();
        foreach (string[] batch in batches)
        {
            GeneratedEmbeddings<Embedding<float>> a = await contenders[0].GenerateAsync(batch, cancellationToken: cancellationToken);
            GeneratedEmbeddings<Embedding<float>> b = await contenders[1].GenerateAsync(batch, cancellationToken: cancellationToken);
            await contenders[2].GenerateAsync(batch, cancellationToken: cancellationToken);
            cosines.AddRange(a.Select((e, i) => (double)TensorPrimitives.CosineSimilarity(e.Vector.Span, b[i].Vector.Span)));
        }

        double[,] best = new double[contenders.Length, batches.Length];
        for (int c = 0; c < contenders.Length; c++)
        {
            for (int b = 0; b < batches.Length; b++)
            {
                best[c, b] = double.MaxValue;
            }
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int b = 0; b < batches.Length; b++)
            {
                for (int k = 0; k < contenders.Length; k++)
                {
                    int c = (round + b + k) % contenders.Length;
                    string[] batch = batches[b];
                    best[c, b] = Math.Min(best[c, b], await TimeAsync(() => contenders[c].GenerateAsync(batch, cancellationToken: cancellationToken)));
                }
            }

            Console.WriteLine($"  {name}: round {round + 1}/{rounds} done");
        }

        int inputs = batches.Sum(b => b.Length);
        double fp32Rate = inputs / Enumerable.Range(0, batches.Length).Sum(b => best[0, b]);
        double int8Rate = inputs / Enumerable.Range(0, batches.Length).Sum(b => best[1, b]);
        double miniLmRate = inputs / Enumerable.Range(0, batches.Length).Sum(b => best[2, b]);
        double tokens = batches.SelectMany(b => b).Average(t => Math.Min(counter.CountTokens(t), counter.MaxTokens));
        double ratio = int8Rate / fp32Rate;
        return
        [
            name, inputs.ToString(CultureInfo.InvariantCulture), F(tokens, "F0"), F(fp32Rate, "F1"), F(int8Rate, "F1"), $"{F(ratio, "F3")}x",
            $">= {F(target, "F1")}x {(ratio >= target ? "met" : "NOT met")}", $"{F(cosines.Average(), "F4")} / {F(cosines.Min(), "F4")}",
            F(miniLmRate, "F1"), $"{F(int8Rate / miniLmRate, "F2")}x",
        ];
    }

    private static IEmbeddingGenerator<string, Embedding<float>> Create(EmbeddingModelPrecision precision, int threads) =>
        OnnxEmbeddingGenerator.Create(new()
        {
            BuiltInModel = BuiltInEmbeddingModel.ArcticEmbedXs,
            Precision = precision,
            IntraOpNumThreads = threads,
            MaxBatchSize = EmbedBenchmark.BatchSize,
        });

    private static double Percentile(List<double> values, double p)
    {
        double[] sorted = [.. values.Order()];
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }

    private static int Int(string[] args, string name, int defaultValue) =>
        int.Parse(BenchmarkArgs.Get(args, name, defaultValue.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        long start = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
