// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Rag.Samples.Indexing;

/// <summary>The process that holds an index's write lock, as its lock file records it.</summary>
/// <param name="ProcessId">The holder's operating-system process id.</param>
/// <param name="Since">When the holder took the lock.</param>
/// <param name="FilesLeft">How many files its sync still has to index, once it knows; <see langword="null"/> before that.</param>
internal sealed record IndexLockHolder(
    [property: JsonPropertyName("pid")] int ProcessId,
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("filesLeft")] int? FilesLeft = null)
{
    /// <summary>Describes who is indexing, for messages: "pid 123 since 2026-12-02 01:58:07", or "another process" when unknown.</summary>
    public static string Describe(IndexLockHolder? holder) =>
        holder is null
            ? "another process"
            : string.Create(CultureInfo.InvariantCulture, $"pid {holder.ProcessId} since {holder.Since.ToLocalTime():yyyy-MM-dd HH:mm:ss}");

    /// <summary>Gets whether the recorded process is still running.</summary>
    public bool IsRunning()
    {
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
