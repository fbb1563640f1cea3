// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Rag.Reliability;

/// <summary>
/// Kill -9 campaign: starts <c>rag-cli index &lt;folder&gt;</c>, watches the catalog from outside (one read-only connection
/// polled about every millisecond) and sends SIGKILL the moment a seeded random number of documents (1 to all but one) is
/// committed, so every kill lands inside the commit window with documents partly stored: the ingestor commits the
/// documents of an embedding batch one transaction each, in quick bursts, so the kill usually hits the next transaction.
/// Then checks that the database passes <c>PRAGMA integrity_check</c>, that a re-run completes, and that the store equals a
/// clean ingest.
/// </summary>
internal sealed class KillCampaign(string cliPath, string workDirectory, int documents, int runs, int seed)
{
    /// <summary>Runs the campaign.</summary>
    public async Task<KillCampaignResult> RunAsync(CancellationToken cancellationToken)
    {
        string folder = Path.Combine(workDirectory, "docs");
        CorpusGenerator.WriteFolder(folder, documents, seed);

        string referencePath = Path.Combine(workDirectory, "reference.db");
        IndexRun reference = await IndexAsync(folder, referencePath, killAfterCommitted: null, cancellationToken);
        if (reference.ExitCode != 0)
        {
            throw new InvalidOperationException($"The clean reference ingest exited with {reference.ExitCode}.");
        }

        Dictionary<string, (string Hash, int Chunks)> snapshot = await StoreInspection.SnapshotAsync(referencePath, cancellationToken);
        var random = new Random(seed);
        var result = new KillCampaignResult
        {
            ReferenceDocuments = snapshot.Count,
            ReferenceTime = reference.Elapsed,
            ReferenceFirstCommit = reference.FirstCommit,
            ReferenceLastCommit = reference.LastCommit,
        };
        for (int run = 0; run < runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string databasePath = Path.Combine(workDirectory, string.Create(CultureInfo.InvariantCulture, $"run{run}.db"));

            // Kill as soon as `target` documents are seen committed: while the next ones are being written.
            int target = random.Next(1, Math.Max(2, snapshot.Count));
            IndexRun killedRun = await IndexAsync(folder, databasePath, target, cancellationToken);
            var outcome = new KillRunOutcome
            {
                Run = run,
                TargetDocuments = target,
                KillAfter = killedRun.Elapsed,
                Killed = killedRun.Killed,
            };
            if (File.Exists(databasePath))
            {
                outcome.IntegrityCheck = StoreInspection.IntegrityCheck(databasePath);
                outcome.DocumentsAtKill = (await StoreInspection.SnapshotAsync(databasePath, cancellationToken)).Count;
            }
            else
            {
                outcome.IntegrityCheck = "ok (no database yet)";
            }

            IndexRun rerun = await IndexAsync(folder, databasePath, killAfterCommitted: null, cancellationToken);
            outcome.RerunExitCode = rerun.ExitCode;
            Dictionary<string, (string Hash, int Chunks)> after = await StoreInspection.SnapshotAsync(databasePath, cancellationToken);
            outcome.Differences = StoreInspection.Compare(snapshot, after);
            outcome.DuplicateChunks = StoreInspection.DuplicateChunks(databasePath);
            result.Runs.Add(outcome);
            File.Delete(databasePath);
        }

        return result;
    }

    /// <summary>
    /// Runs <c>rag-cli index</c> while a poller thread watches the catalog for commit times; when
    /// <paramref name="killAfterCommitted"/> is given, the poller sends SIGKILL as soon as that many documents are committed.
    /// </summary>
    private async Task<IndexRun> IndexAsync(string folder, string databasePath, int? killAfterCommitted, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        foreach (string argument in (string[])[cliPath, "index", folder, "--index", databasePath, "--json"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["RAG_THREADS"] = "1";
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var run = new IndexRun();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task poller = Task.Factory.StartNew(() => Poll(process, databasePath, killAfterCommitted, clock, run, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            await stop.CancelAsync();
            await poller.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }

        run.Elapsed = clock.Elapsed;
        await Task.WhenAll(stdout, stderr);
        run.ExitCode = process.ExitCode;
        if (killAfterCommitted is null && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rag-cli index exited with {process.ExitCode}: {stderr.Result}");
        }

        return run;
    }

    /// <summary>
    /// Polls the committed-document count about every millisecond through one read-only connection (each query sees the
    /// latest commit; the file is never created from here), recording commit times and killing at the target.
    /// </summary>
    private static void Poll(Process process, string databasePath, int? killAfterCommitted, Stopwatch clock, IndexRun run, CancellationToken cancellationToken)
    {
        SqliteConnection? connection = null;
        SqliteCommand? count = null;
        int seen = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested && !process.HasExited)
            {
                try
                {
                    if (count is null && File.Exists(databasePath))
                    {
                        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                        connection.Open();
                        count = connection.CreateCommand();
                        count.CommandText = "SELECT count(*) FROM documents WHERE status = 0";
                    }

                    int committed = count is null ? 0 : Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
                    if (killAfterCommitted is int target && committed >= target)
                    {
                        process.Kill();
                        run.Killed = true;
                    }

                    if (committed > seen)
                    {
                        run.FirstCommit = seen == 0 ? clock.Elapsed : run.FirstCommit;
                        run.LastCommit = clock.Elapsed;
                        seen = committed;
                    }

                    if (run.Killed)
                    {
                        return;
                    }
                }
                catch (SqliteException)
                {
                    // The writer has not created the tables yet: open again on the next poll.
                    count?.Dispose();
                    connection?.Dispose();
                    (count, connection) = (null, null);
                }
                catch (InvalidOperationException) when (process.HasExited)
                {
                    // Finished just before the kill.
                    return;
                }

                Thread.Sleep(1);
            }
        }
        finally
        {
            count?.Dispose();
            connection?.Dispose();
        }
    }

    /// <summary>One <c>rag-cli index</c> run as seen from outside.</summary>
    private sealed class IndexRun
    {
        public int ExitCode { get; set; }

        public bool Killed { get; set; }

        public TimeSpan Elapsed { get; set; }

        public TimeSpan FirstCommit { get; set; }

        public TimeSpan LastCommit { get; set; }
    }
}

/// <summary>The figures of a kill campaign.</summary>
internal sealed class KillCampaignResult
{
    public int ReferenceDocuments { get; init; }

    public TimeSpan ReferenceTime { get; init; }

    /// <summary>Gets when the clean run's first document was seen committed (from process start).</summary>
    public TimeSpan ReferenceFirstCommit { get; init; }

    /// <summary>Gets when the clean run's last document was seen committed (from process start).</summary>
    public TimeSpan ReferenceLastCommit { get; init; }

    public List<KillRunOutcome> Runs { get; } = [];

    public int Survived => Runs.Count(r => r.Survived);
}

/// <summary>One kill run.</summary>
internal sealed class KillRunOutcome
{
    public int Run { get; init; }

    /// <summary>Gets the committed-document count the kill waited for.</summary>
    public int TargetDocuments { get; init; }

    /// <summary>Gets the time from process start to the kill (or to the exit, when it finished first).</summary>
    public TimeSpan KillAfter { get; init; }

    public bool Killed { get; init; }

    public int DocumentsAtKill { get; set; }

    public string IntegrityCheck { get; set; } = string.Empty;

    public int RerunExitCode { get; set; }

    public List<string> Differences { get; set; } = [];

    public long DuplicateChunks { get; set; }

    public bool Survived => IntegrityCheck.StartsWith("ok", StringComparison.Ordinal) && RerunExitCode == 0 && Differences.Count == 0 && DuplicateChunks == 0;
}
