// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Rag.Connectors.Sqlite.Tests.Knowledge;

/// <summary>Runs the crash writer in a child process, optionally under a shell prefix (a file-size limit, another user).</summary>
internal static class ChildProcess
{
    /// <summary>The id of the unprivileged user a root test runs children as (nobody).</summary>
    public const int NobodyId = 65534;

    public static string CrashWriterPath()
    {
        string baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string configuration = Path.GetFileName(baseDirectory);
        string writer = Path.Combine(baseDirectory, "..", "..", "Rag.Connectors.Sqlite.CrashWriter", configuration, "Rag.Connectors.Sqlite.CrashWriter.dll");
        Assert.True(File.Exists(writer), $"Crash writer not built: {writer}");
        return writer;
    }

    /// <summary>Gets whether this process runs as root (file permissions do not stop it).</summary>
    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    /// <summary>
    /// Runs <c>bash -c "&lt;setup&gt; exec &lt;launcher&gt; dotnet &lt;arguments&gt;"</c> and returns its exit code and output. The runtime's
    /// W^X double mapping is turned off, because it maps a file that a file-size limit would forbid.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunDotnetAsync(string setup, string launcher, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{setup} exec {launcher} dotnet \"$@\"");
        start.ArgumentList.Add("dotnet");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        start.Environment["HOME"] = Path.GetTempPath();
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
