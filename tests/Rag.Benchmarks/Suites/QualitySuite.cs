// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Benchmarks.ApiDocs;
using Rag.Benchmarks.SciFact;

namespace Rag.Benchmarks.Suites;

/// <summary>Retrieval quality on both corpora in one run: BEIR SciFact and the .NET reference documentation.</summary>
internal sealed class QualitySuite : BenchmarkSuite
{
    public override string Name => "quality";

    protected override IReadOnlyList<IBenchmark> Parts { get; } = [new SciFactBenchmark(), new ApiDocsBenchmark()];
}
