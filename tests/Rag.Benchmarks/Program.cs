// Copyright (c) Rag contributors. Licensed under the MIT License.

// Benchmark commands print figures (always as ratios against a peer measured in the same run) and write a
// Markdown report. Usage: dotnet run -c Release --project tests/Rag.Benchmarks -- <command> [--report path] [args]

using Rag.Benchmarks;

IBenchmark[] benchmarks = [.. typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)];

IBenchmark? selected = args.Length > 0 ? benchmarks.FirstOrDefault(b => b.Name == args[0]) : null;
if (selected is null)
{
    Console.Error.WriteLine("Usage: Rag.Benchmarks <command> [--report <path.md>] [options]");
    foreach (IBenchmark b in benchmarks)
    {
        Console.Error.WriteLine($"  {b.Name,-12} {b.Description}");
    }

    return 2;
}

string[] rest = args[1..];
int reportIndex = Array.IndexOf(rest, "--report");
string reportPath = reportIndex >= 0 && reportIndex + 1 < rest.Length
    ? rest[reportIndex + 1]
    : Path.Combine("artifacts", "benchmarks", selected.Name + ".md");
if (reportIndex >= 0)
{
    rest = [.. rest[..reportIndex], .. rest[Math.Min(rest.Length, reportIndex + 2)..]];
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var report = new BenchmarkReport($"Rag benchmark: {selected.Name}");
await selected.RunAsync(report, rest, cancellation.Token);
report.Save(reportPath);
return 0;
