// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text;

namespace Rag.Packaging.Tests;

/// <summary>Runs the dotnet CLI and the consumer apps as child processes, capturing their output.</summary>
internal static class ProcessRunner
{
    /// <summary>Starts a process with the environment a developer's shell would give it (no MSBuild/VSTest leftovers).</summary>
    public static Process Start(string workingDirectory, string fileName, IEnumerable<string> arguments, StringBuilder output)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The test host inherits MSBuild variables from 'dotnet test'; a child build must resolve its own SDK and tools.
        foreach (string name in info.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
            {
                info.Environment.Remove(name);
            }
        }

        // No build servers may outlive the test (MSBuild node reuse, the MSBuild server, the compiler server).
        info.Environment["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a process to completion; throws with its output when it fails or runs past <paramref name="timeout"/>.</summary>
    public static async Task<string> RunAsync(string workingDirectory, string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var output = new StringBuilder();
        string commandLine = fileName + " " + string.Join(' ', arguments);
        using Process process = Start(workingDirectory, fileName, arguments, output);
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{commandLine}' ran past {timeout}. Output:\n{Snapshot(output)}");
        }

        // WaitForExitAsync returns once the output streams are drained too.
        string text = Snapshot(output);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{commandLine}' exited with {process.ExitCode}. Output:\n{text}");
        }

        return text;
    }

    public static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
