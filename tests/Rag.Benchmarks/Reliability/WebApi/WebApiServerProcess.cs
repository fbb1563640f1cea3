// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rag.Reliability;

/// <summary>
/// The built WebApi sample run as its own process on a loopback port (Production environment), so requests cross a real
/// socket and the server's resources (open descriptors, threads, memory) can be read from outside it.
/// </summary>
internal sealed partial class WebApiServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private WebApiServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>Gets the address the sample listens on.</summary>
    public Uri Address { get; }

    /// <summary>Gets the path of the built sample: artifacts/bin/Rag.WebApi/&lt;configuration&gt;/Rag.WebApi.dll, beside this benchmark's output.</summary>
    public static string SamplePath()
    {
        string baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        return Path.GetFullPath(Path.Combine(baseDirectory, "..", "..", "Rag.WebApi", Path.GetFileName(baseDirectory), "Rag.WebApi.dll"));
    }

    /// <summary>Starts the sample with <paramref name="settings"/> (configuration keys and values) and waits until it listens.</summary>
    public static async Task<WebApiServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        string dll = SamplePath();
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the sample first (it is built with this benchmark): dotnet build -c Release samples/WebApi/Rag.WebApi.csproj", dll);
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[dll, "--urls", "http://127.0.0.1:0", "--environment", "Production",
            "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information"])
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in settings)
        {
            start.ArgumentList.Add("--" + key);
            start.ArgumentList.Add(value);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the sample.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (ListeningRegex().Match(line) is { Success: true } match)
                {
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None); // keep draining so the server never blocks on a full pipe
                    _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                    return new WebApiServerProcess(process, new Uri(match.Groups[1].Value));
                }
            }

            throw new InvalidOperationException($"The sample exited before listening: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Reads the server's open file descriptors (sockets included), threads and resident memory.</summary>
    public ServerResources ReadResources()
    {
        _process.Refresh();
        int descriptors = OperatingSystem.IsLinux() ? Directory.GetFileSystemEntries($"/proc/{_process.Id}/fd").Length : _process.HandleCount;
        return new ServerResources(descriptors, _process.Threads.Count, _process.WorkingSet64 / (1024 * 1024));
    }

    /// <summary>Waits until no sync is running or pending and one has completed after <paramref name="since"/>; returns the status.</summary>
    public static async Task<JsonElement> WaitForSyncAsync(HttpClient client, DateTimeOffset? since, TimeSpan watchdog, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            JsonElement status = await client.GetFromJsonAsync<JsonElement>("/api/ingestion", cancellationToken);
            if (!status.GetProperty("isRunning").GetBoolean() && status.GetProperty("pending").GetInt32() == 0
                && status.GetProperty("lastCompletedAt") is { ValueKind: JsonValueKind.String } completed && (since is null || completed.GetDateTimeOffset() > since))
            {
                return status;
            }

            if (clock.Elapsed > watchdog)
            {
                throw new TimeoutException($"Ingestion did not settle within {watchdog}: {status}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningRegex();
}

/// <summary>A server process's resources at one moment.</summary>
internal sealed record ServerResources(int FileDescriptors, int Threads, long WorkingSetMiB);
