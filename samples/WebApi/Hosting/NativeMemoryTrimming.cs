// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Hosting;

/// <summary>
/// Every <see cref="Interval"/>, when the working set has grown by more than <see cref="GrowthThresholdBytes"/> since the
/// last trim left it, hands freed native memory back (<see cref="NativeMemoryTrimmer"/>), so the service returns to its
/// baseline once a load burst ends. A trim costs a few milliseconds; nothing runs where trimming is unavailable.
/// </summary>
internal sealed partial class NativeMemoryTrimming(TimeProvider time, ILogger<NativeMemoryTrimming> logger) : BackgroundService
{
    /// <summary>How often the working set is checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>The growth since the last trim that triggers the next one.</summary>
    public const long GrowthThresholdBytes = 16L * 1024 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!NativeMemoryTrimmer.IsAvailable)
        {
            return;
        }

        long afterLastTrim = Environment.WorkingSet;
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            long before = Environment.WorkingSet;
            if (before - afterLastTrim > GrowthThresholdBytes)
            {
                NativeMemoryTrimmer.Trim();
                afterLastTrim = Environment.WorkingSet;
                Trimmed(logger, before / (1024 * 1024), afterLastTrim / (1024 * 1024));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Freed native memory handed back: working set {BeforeMiB} MiB -> {AfterMiB} MiB.")]
    private static partial void Trimmed(ILogger logger, long beforeMiB, long afterMiB);
}
