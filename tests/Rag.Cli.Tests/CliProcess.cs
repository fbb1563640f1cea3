// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text;
using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>Runs <c>rag-cli</c> as a separate process (<c>dotnet rag-cli.dll …</c>), the way a user runs it.</summary>
public sealed class CliProcess : IDisposable
{
    private static readonly Lazy<string> s_cliPath = new(FindCli);

    private readonly Process _process;
    private readonly StringBuilder _outputSoFar = new();
    private readonly Task<string> _standardOutput;
    private readonly Task<string> _standardError;

    private CliProcess(Process process)
    {
        _process = process;
        _standardOutput = CaptureOutputAsync(process.StandardOutput);
        _standardError = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Gets the built <c>rag-cli.dll</c> (the sample is a project reference, so it is built with the tests).</summary>
    public static string CliPath => s_cliPath.Value;

    /// <summary>
    /// Gets a file of a built-in embedding model as the build copied it beside <c>rag-cli.dll</c>
    /// (<c>rag-models/&lt;model&gt;/&lt;file&gt;</c>); a missing file fails under <c>CI=true</c> and skips elsewhere.
    /// </summary>
    public static string BuiltInModelFile(string model, string file) =>
        TestEnvironment.RequireResource(Path.Combine(Path.GetDirectoryName(CliPath)!, "rag-models", model, file));

    /// <summary>Gets the operating-system process id.</summary>
    public int Id => _process.Id;

    /// <summary>Gets whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the CLI in <paramref name="workingDirectory"/>, with no inherited <c>RAG_*</c> variables; standard input gets <paramref name="standardInput"/> and is closed.</summary>
    public static CliProcess Start(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null)
    {
        CliProcess cli = StartInteractive(workingDirectory, arguments, environment);
        if (standardInput is not null)
        {
            cli._process.StandardInput.Write(standardInput);
        }

        cli._process.StandardInput.Close();
        return cli;
    }

    /// <summary>Starts the CLI with standard input left open, for <see cref="WriteInputAsync"/> and <see cref="CloseInput"/>.</summary>
    public static CliProcess StartInteractive(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(CliPath);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The developer's own configuration must not leak into the tests.
        foreach (string name in info.Environment.Keys.Where(k => k.StartsWith("RAG_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        return new CliProcess(process);
    }

    /// <summary>Writes <paramref name="text"/> to the process's standard input, at once.</summary>
    public async Task WriteInputAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes standard input: the end of input for the process.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits until standard output holds <paramref name="text"/> <paramref name="occurrences"/> times; fails the test when the process exits first or <paramref name="timeout"/> passes.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, int occurrences = 1)
    {
        var clock = Stopwatch.StartNew();
        while (Occurrences(OutputSoFar(), text) < occurrences)
        {
            Assert.False(_process.HasExited && _standardOutput.IsCompleted, $"rag-cli exited before printing '{text}'.\n{OutputSoFar()}\n{(_standardError.IsCompleted ? await _standardError : string.Empty)}");
            Assert.True(clock.Elapsed < timeout, $"rag-cli did not print '{text}' within {timeout}.\n{OutputSoFar()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Runs the CLI to completion.</summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null, TimeSpan? timeout = null)
    {
        using CliProcess cli = Start(workingDirectory, arguments, environment, standardInput);
        return await cli.WaitAsync(timeout ?? TimeSpan.FromMinutes(2));
    }

    /// <summary>Waits for the process to exit; kills it and fails the test when it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<CliResult> WaitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"rag-cli did not finish within {timeout}.\n{new CliResult(-1, await _standardOutput, await _standardError)}");
        }

        return new CliResult(_process.ExitCode, await _standardOutput, await _standardError);
    }

    /// <summary>Sends SIGINT, what Ctrl+C in a terminal sends (.NET's <see cref="Process"/> has no API for it).</summary>
    public async Task InterruptAsync()
    {
        using Process kill = Process.Start(new ProcessStartInfo("/bin/kill", ["-INT", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("/bin/kill did not start.");
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static int Occurrences(string output, string text)
    {
        int count = 0;
        for (int at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string FindCli()
    {
        // artifacts/bin/Rag.Cli.Tests/<pivot>/ → artifacts/bin/Rag.Cli/<pivot>/rag-cli.dll
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string path = Path.GetFullPath(Path.Combine(testOutput.Parent!.Parent!.FullName, "Rag.Cli", testOutput.Name, "rag-cli.dll"));
        return File.Exists(path) ? path : throw new FileNotFoundException($"rag-cli.dll not found at {path}; build samples/Console with the same configuration.", path);
    }

    private string OutputSoFar()
    {
        lock (_outputSoFar)
        {
            return _outputSoFar.ToString();
        }
    }

    private async Task<string> CaptureOutputAsync(StreamReader output)
    {
        char[] buffer = new char[4096];
        int read;
        while ((read = await output.ReadAsync(buffer)) > 0)
        {
            lock (_outputSoFar)
            {
                _outputSoFar.Append(buffer, 0, read);
            }
        }

        return OutputSoFar();
    }
}
