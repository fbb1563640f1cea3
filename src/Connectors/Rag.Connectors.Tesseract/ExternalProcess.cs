// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Rag.Connectors.Tesseract;

/// <summary>
/// Runs a command-line tool to completion and returns its output. The tool is killed (with its children) when it runs past
/// its time limit or the caller cancels, so a hung or crashing engine never outlives the file it was reading.
/// </summary>
internal static class ExternalProcess
{
    /// <summary>The output of a finished tool.</summary>
    /// <param name="ExitCode">The exit code.</param>
    /// <param name="Output">Standard output, as bytes.</param>
    /// <param name="Error">Standard error, as text.</param>
    public sealed record Result(int ExitCode, byte[] Output, string Error);

    /// <summary>Runs <paramref name="executable"/> with <paramref name="arguments"/>.</summary>
    /// <param name="executable">The executable, a path or a name looked up on PATH.</param>
    /// <param name="arguments">The arguments, passed without shell quoting.</param>
    /// <param name="timeLimit">The longest the tool may run.</param>
    /// <param name="missing">The message when the executable cannot be started (what to install).</param>
    /// <param name="environment">Environment variables set for the tool, on top of this process's.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The exit code and output.</returns>
    /// <exception cref="InvalidOperationException">The executable is not found or cannot be started.</exception>
    /// <exception cref="TimeoutException">The tool ran past <paramref name="timeLimit"/> and was killed.</exception>
    public static async Task<Result> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeLimit, string missing, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"{missing} ('{executable}' could not be started: {ex.Message})", ex);
        }

        using var limit = new CancellationTokenSource(timeLimit);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        using CancellationTokenRegistration kill = stop.Token.Register(static state => Kill((Process)state!), process);
        Task<byte[]> output = ReadAllAsync(process.StandardOutput.BaseStream);
        Task<string> error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        byte[] stdout = await output.ConfigureAwait(false);
        string stderr = await error.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (limit.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"'{executable}' ran longer than {timeLimit.TotalSeconds:0.#} s and was stopped."));
        }

        return new Result(process.ExitCode, stdout, stderr.Trim());
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, CancellationToken.None).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited already.
        }
    }
}
