// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Benchmarks;

/// <summary>A benchmark command: measures, prints figures and ratios, and writes them to the report.</summary>
internal interface IBenchmark
{
    /// <summary>Gets the command name (for example <c>embed</c>).</summary>
    string Name { get; }

    /// <summary>Gets a one-line description for the usage text.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark.</summary>
    Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken);
}
