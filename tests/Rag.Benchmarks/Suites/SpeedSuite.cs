// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Benchmarks.Ingestion;

namespace Rag.Benchmarks.Suites;

/// <summary>The speed figures of the evaluation issue in one run: embedding, ingestion, store latency at 10k/100k chunks and local LLM tokens/s, each against its peer.</summary>
internal sealed class SpeedSuite : BenchmarkSuite
{
    public override string Name => "speed";

    protected override IReadOnlyList<IBenchmark> Parts { get; } = [new EmbedBenchmark(), new IngestBenchmark(), new StoreBenchmark(), new LlmBenchmark()];
}
