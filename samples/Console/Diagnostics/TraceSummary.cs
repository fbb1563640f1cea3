// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Rag.Cli.Diagnostics;

/// <summary>
/// What <c>--trace</c> prints: listens to the SDK's spans (<see cref="RagTelemetry.SourceName"/>) during a command and
/// prints, on standard error, the time spent in each phase (scan, read, chunk, embed, store, retrieve, generate).
/// </summary>
internal sealed class TraceSummary : IDisposable
{
    private readonly ConcurrentDictionary<string, (int Count, TimeSpan Total)> _phases = new(StringComparer.Ordinal);
    private readonly ActivityListener _listener;

    /// <summary>Starts listening to the SDK's spans.</summary>
    public TraceSummary()
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
