// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Rag.TestUtilities;
using Rag.WebApi.Tests.ChatPage;

namespace Rag.WebApi.Tests.Hosting;

/// <summary>
/// The built sample run the way an operator runs it, <c>dotnet path/to/Rag.WebApi.dll</c>, from another working folder,
/// on a loopback port of its choosing, with its documents and index in a temporary folder. Killed on dispose.
/// </summary>
public sealed partial class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SampleProcess(Process process) => _process = process;

    /// <summary>Gets the address the sample listens on.</summary>
    public Uri Address => _listening.Task.Result;

    /// <summary>Gets what the sample has printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Gets the sample's build output: beside this test project's, under the same configuration.</summary>
    public static string SampleAssembly
    {
        get
        {
            string testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            return Path.GetFullPath(Path.Combine(testOutput, "..", "..", "Rag.WebApi", Path.GetFileName(testOutput), "Rag.WebApi.dll"));
        }
    }

    /// <summary>Starts the sample with <paramref name="workingDirectory"/> as its working folder and waits until it listens.</summary>
    public static async Task<SampleProcess> StartAsync(string workingDirectory, CancellationToken cancellationToken)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : ExternalProcess.FindOnPath("dotnet") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestEnvironment.RequireResource(SampleAssembly));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["Knowledge__DocumentsFolder"] = Path.Combine(workingDirectory, "documents");
        start.Environment["Knowledge__IndexPath"] = Path.Combine(workingDirectory, "index.db");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");

        var sample = new SampleProcess(new Process { StartInfo = start });
        sample._process.OutputDataReceived += (_, e) => sample.OnLine(e.Data);
        sample._process.ErrorDataReceived += (_, e) => sample.OnLine(e.Data);
        sample._process.Exited += (_, _) => sample._listening.TrySetException(new InvalidOperationException($"The sample exited:\n{sample.Output}"));
        sample._process.EnableRaisingEvents = true;
        sample._process.Start();
        sample._process.BeginOutputReadLine();
        sample._process.BeginErrorReadLine();
        try
        {
            await sample._listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await sample.DisposeAsync();
            throw;
        }

        return sample;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningRegex().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningRegex();
}
