// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Benchmarks.Suites;

/// <summary>A command that runs several benchmarks in turn into one report; every option is passed to each of them.</summary>
internal abstract class BenchmarkSuite : IBenchmark
{
    public abstract string Name { get; }

    public string Description => $"Runs {string.Join(", ", Parts.Select(p => p.Name))} in turn into one report (options pass through to each).";

    /// <summary>Gets the benchmarks run, in order.</summary>
    protected abstract IReadOnlyList<IBenchmark> Parts { get; }

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        foreach (IBenchmark part in Parts)
        {
            report.Section($"{Name} suite: {part.Name}");
            await part.RunAsync(report, args, cancellationToken);
        }
    }
}
