// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Rag.Cli.Diagnostics;

/// <summary>
/// What <c>--trace</c> prints: listens to the SDK's spans (<see cref="RagTelemetry.SourceName"/> and
/// <see cref="RagTelemetry.DetailSourceName"/>) during a command and
/// prints, on standard error, the time spent in each phase (scan, read, chunk, embed, store, retrieve with its vector,
/// keyword, fuse and read steps, generate).
/// </summary>
internal sealed class TraceSummary : IDisposable
{
    private readonly ConcurrentDictionary<string, Phase> _phases = new(StringComparer.Ordinal);
    private readonly ActivityListener _listener;

    /// <summary>Starts listening to the SDK's spans.</summary>
    public TraceSummary()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = IsSdkSource,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _phases.AddOrUpdate(
                activity.OperationName,
                _ => new Phase(1, activity.Duration, activity.StartTimeUtc, Depth(activity)),
                (_, seen) => seen with { Count = seen.Count + 1, Total = seen.Total + activity.Duration, FirstStart = activity.StartTimeUtc < seen.FirstStart ? activity.StartTimeUtc : seen.FirstStart }),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Writes one line per span name, in the order they first started, each phase indented under its operation: count and total milliseconds.</summary>
    public void Write(TextWriter writer)
    {
        writer.WriteLine("Trace (span, count, total ms):");
        foreach ((string name, Phase phase) in _phases.OrderBy(p => p.Value.FirstStart).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            string indented = new string(' ', 2 * phase.Depth) + name;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {indented,-28} {phase.Count,6} {phase.Total.TotalMilliseconds,10:F1}"));
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>How many SDK spans enclose this one.</summary>
    private static int Depth(Activity activity)
    {
        int depth = 0;
        for (Activity? parent = activity.Parent; parent is not null && IsSdkSource(parent.Source); parent = parent.Parent)
        {
            depth++;
        }

        return depth;
    }

    private static bool IsSdkSource(ActivitySource source) =>
        source.Name is RagTelemetry.SourceName or RagTelemetry.DetailSourceName;

    private readonly record struct Phase(int Count, TimeSpan Total, DateTime FirstStart, int Depth);
}
