// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Rag.Reliability;

/// <summary>Runs <c>rag-cli</c> in a child process through bash, so a fault can be set up first (a file-size limit, another user).</summary>
internal static class CliProcess
{
    /// <summary>The id of the unprivileged user (nobody) that a root run switches to for permission checks.</summary>
    public const int NobodyId = 65534;

    /// <summary>Gets whether this process runs as root, which file permissions do not stop.</summary>
    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    /// <summary>
    /// Runs <c>bash -c "&lt;setup&gt; exec &lt;launcher&gt; dotnet &lt;cli&gt; &lt;arguments&gt;"</c> with one embedding thread. The
    /// runtime's W^X double mapping is off, because it maps a file that a file-size limit would forbid.
    /// </summary>
    public static async Task<CliRun> RunAsync(string cliPath, IEnumerable<string> arguments, string setup, string launcher, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{setup} exec {launcher} dotnet \"$@\"");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(cliPath);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["RAG_THREADS"] = "1";
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        start.Environment["HOME"] = Path.GetTempPath();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(5));
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

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a system command (mount, umount); returns its exit code and error output.</summary>
    public static async Task<(int ExitCode, string Error)> SystemAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            string error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            await stdout;
            return (process.ExitCode, error.Trim());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}

/// <summary>The outcome of one <c>rag-cli</c> run.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>
    /// Gets the CLI's error message: from <c>Error:</c> on (the CLI writes it to the console, wrapped at 80 columns), lines
    /// joined again, ONNX Runtime's own log lines left out; or the first line of output when there is no error.
    /// </summary>
    public string Message
    {
        get
        {
            string[] lines = [.. (Stderr + "\n" + Stdout).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.Contains("onnxruntime", StringComparison.Ordinal))];
            int error = Array.FindIndex(lines, l => l.StartsWith("Error:", StringComparison.Ordinal));
            return error < 0 ? lines.FirstOrDefault() ?? string.Empty : string.Join(' ', lines.Skip(error).TakeWhile(l => !l.StartsWith('{')));
        }
    }

    /// <summary>Gets whether the message names <paramref name="path"/> (ignoring where the console wrapped it).</summary>
    public static bool Names(string message, string path) =>
        string.Concat(message.Where(c => !char.IsWhiteSpace(c))).Contains(string.Concat(path.Where(c => !char.IsWhiteSpace(c))), StringComparison.Ordinal);
}
