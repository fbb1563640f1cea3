// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Rag.WebApi.Tests;

/// <summary>Reads the resources a leak would grow: open file descriptors (sockets included) and the LLamaSharp context pool.</summary>
public static class ProcessResources
{
    /// <summary>The meter the LLamaSharp connector reports its context pool on.</summary>
    public const string LlamaSharpMeter = "Rag.Connectors.LlamaSharp";

    /// <summary>Gets the number of open handles: /proc/self/fd entries on Linux, the process handle count elsewhere.</summary>
    public static int OpenHandles()
    {
        if (OperatingSystem.IsLinux())
        {
            return Directory.GetFileSystemEntries("/proc/self/fd").Length;
        }

        using var process = Process.GetCurrentProcess();
        return process.HandleCount;
    }

    /// <summary>
    /// Reads the connector's observable counters (<c>rag.llamasharp.contexts.in_use</c> and <c>…live</c>), summed over every
    /// model host in the process; throws when none is published, so a test cannot pass by reading nothing.
    /// </summary>
    public static (int InUse, int Live) LlamaContexts()
    {
        int inUse = 0, live = 0, instruments = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == LlamaSharpMeter)
                {
                    instruments++;
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name.EndsWith(".in_use", StringComparison.Ordinal))
            {
                inUse += value;
            }
            else if (instrument.Name.EndsWith(".live", StringComparison.Ordinal))
            {
                live += value;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return instruments == 0 ? throw new InvalidOperationException($"No instrument of the meter '{LlamaSharpMeter}' is published.") : (inUse, live);
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds or <paramref name="timeout"/> passes; returns the last value.</summary>
    public static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        T value = read();
        while (!done(value) && clock.Elapsed < timeout)
        {
            await Task.Delay(100, cancellationToken);
            value = read();
        }

        return value;
    }
}
