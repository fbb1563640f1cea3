// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Rag.Cli.Diagnostics;

/// <summary>
/// The <c>--trace</c> option: listens to the SDK's spans (<see cref="RagTelemetry.SourceName"/>) during a command and
/// prints, on standard error, the time spent in each phase (scan, read, chunk, embed, store, retrieve, generate).
/// </summary>
internal sealed class TraceSummary : IDisposable
{
    /// <summary>The option that turns the summary on; accepted by every command.</summary>
    public const string Option = "--trace";

    private readonly ConcurrentDictionary<string, (int Count, TimeSpan Total)> _phases = new(StringComparer.Ordinal);
    private readonly ActivityListener _listener;

    private TraceSummary()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RagTelemetry.SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _phases.AddOrUpdate(
                activity.OperationName, (1, activity.Duration), (_, seen) => (seen.Count + 1, seen.Total + activity.Duration)),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Starts a summary when <paramref name="args"/> hold <see cref="Option"/>, which is removed from them.</summary>
    public static TraceSummary? StartIfRequested(ref string[] args)
    {
        if (!args.Contains(Option, StringComparer.Ordinal))
        {
            return null;
        }

        args = [.. args.Where(a => a != Option)];
        return new TraceSummary();
    }

    /// <summary>Writes one line per span name, in name order (phases under their operation): count and total milliseconds.</summary>
    public void Write(TextWriter writer)
    {
        writer.WriteLine("Trace (span, count, total ms):");
        foreach ((string name, (int count, TimeSpan total)) in _phases.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-22} {count,6} {total.TotalMilliseconds,10:F1}"));
        }
    }

    public void Dispose() => _listener.Dispose();
}
