// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;

namespace Rag.Reliability;

/// <summary>
/// Kill -9 campaign on fresh indexes: each run starts <c>rag-cli index &lt;folder&gt;</c> on an index that does not exist yet,
/// sends SIGKILL at a seeded random moment in the first <c>window</c> after process start (while the runtime starts, the
/// index file is created, its schema is committed and the first documents are written), notes what the kill left on disk,
/// then runs <c>index</c> again untouched (nothing else opens the file first) and compares the store with a clean ingest.
/// A run fails when the re-run cannot open the index, or documents are missing, different or duplicated.
/// </summary>
internal sealed class EarlyKillCampaign(string cliPath, string workDirectory, int documents, int runs, TimeSpan window, int seed)
{
    /// <summary>Runs the campaign.</summary>
    public async Task<EarlyKillCampaignResult> RunAsync(CancellationToken cancellationToken)
    {
        string folder = Path.Combine(workDirectory, "docs");
        CorpusGenerator.WriteFolder(folder, documents, seed);
        string referencePath = Path.Combine(workDirectory, "reference.db");
        var clock = Stopwatch.StartNew();
        (int referenceExit, _) = await IndexAsync(folder, referencePath, killAfter: null, cancellationToken);
        if (referenceExit != 0)
        {
            throw new InvalidOperationException($"The clean reference ingest exited with {referenceExit}.");
        }

        var result = new EarlyKillCampaignResult { ReferenceTime = clock.Elapsed };
        Dictionary<string, (string Hash, int Chunks)> reference = await StoreInspection.SnapshotAsync(referencePath, cancellationToken);
        result.ReferenceDocuments = reference.Count;
        var random = new Random(seed);
        for (int run = 0; run < runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string databasePath = Path.Combine(workDirectory, string.Create(CultureInfo.InvariantCulture, $"early{run}.db"));
            var killAfter = TimeSpan.FromMilliseconds(random.NextDouble() * window.TotalMilliseconds);
            _ = await IndexAsync(folder, databasePath, killAfter, cancellationToken);
            var outcome = new EarlyKillOutcome { Run = run, KillAfter = killAfter, LeftOnDisk = DescribeFiles(databasePath) };
            (outcome.RerunExitCode, outcome.RerunError) = await IndexAsync(folder, databasePath, killAfter: null, cancellationToken);
            if (outcome.RerunExitCode == 0)
            {
                Dictionary<string, (string Hash, int Chunks)> after = await StoreInspection.SnapshotAsync(databasePath, cancellationToken);
                outcome.Differences = StoreInspection.Compare(reference, after);
                outcome.DuplicateChunks = StoreInspection.DuplicateChunks(databasePath);
                outcome.IntegrityCheck = StoreInspection.IntegrityCheck(databasePath);
            }

            result.Runs.Add(outcome);
            foreach (string file in Directory.EnumerateFiles(workDirectory, Path.GetFileName(databasePath) + "*"))
            {
                File.Delete(file);
            }
        }

        return result;
    }

    /// <summary>What a kill left: the index file's size and the SQLite side files beside it.</summary>
    private static string DescribeFiles(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            return "no file";
        }

        long size = new FileInfo(databasePath).Length;
        string description = size == 0 ? "0-byte file" : "file with pages";
        foreach (string suffix in (string[])["-journal", "-wal"])
        {
            if (new FileInfo(databasePath + suffix) is { Exists: true, Length: > 0 })
            {
                description += " + " + suffix[1..];
            }
        }

        return description;
    }

    /// <summary>Runs <c>rag-cli index</c>; kills it with SIGKILL after <paramref name="killAfter"/> when given. Returns the exit code and standard error.</summary>
    private async Task<(int ExitCode, string Error)> IndexAsync(string folder, string databasePath, TimeSpan? killAfter, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workDirectory };
        foreach (string argument in (string[])[cliPath, "index", folder, "--index", databasePath, "--json"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["RAG_THREADS"] = "1";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(killAfter ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }

        await Task.WhenAll(stdout, stderr);
        return (process.ExitCode, (stderr.Result + stdout.Result).Trim());
    }
}

/// <summary>The figures of an early-kill campaign.</summary>
internal sealed class EarlyKillCampaignResult
{
    public int ReferenceDocuments { get; set; }

    public TimeSpan ReferenceTime { get; init; }

    public List<EarlyKillOutcome> Runs { get; } = [];
}

/// <summary>One early-kill run.</summary>
internal sealed class EarlyKillOutcome
{
    public int Run { get; init; }

    /// <summary>Gets the drawn time from process start to the kill (the process may have finished first).</summary>
    public TimeSpan KillAfter { get; init; }

    /// <summary>Gets what the kill left on disk: the index file and the SQLite journal or WAL beside it.</summary>
    public string LeftOnDisk { get; init; } = string.Empty;

    public int RerunExitCode { get; set; }

    public string RerunError { get; set; } = string.Empty;

    public string IntegrityCheck { get; set; } = string.Empty;

    public List<string> Differences { get; set; } = [];

    public long DuplicateChunks { get; set; }

    /// <summary>Gets whether the next <c>index</c> could not open the index (what would need hand repair).</summary>
    public bool Unopenable => RerunExitCode != 0;

    public int Lost => Differences.Count(d => !d.StartsWith("extra ", StringComparison.Ordinal));

    public bool Survived => !Unopenable && IntegrityCheck == "ok" && Differences.Count == 0 && DuplicateChunks == 0;
}
