// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Rag.Reliability;

/// <summary>
/// Kill -9 campaign: starts <c>rag-cli index &lt;folder&gt;</c>, watches the catalog from outside and kills the process tree
/// once a seeded random number of documents (1 to all but one) is committed, plus a seeded random delay of up to one
/// document's commit interval, so every kill lands inside the commit window with documents partly stored. Then checks
/// that the database passes <c>PRAGMA integrity_check</c>, that a re-run completes, and that the store equals a clean ingest.
/// </summary>
internal sealed class KillCampaign(string cliPath, string workDirectory, int documents, int runs, int seed)
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Runs the campaign.</summary>
    public async Task<KillCampaignResult> RunAsync(CancellationToken cancellationToken)
    {
        string folder = Path.Combine(workDirectory, "docs");
        CorpusGenerator.WriteFolder(folder, documents, seed);

        string referencePath = Path.Combine(workDirectory, "reference.db");
        IndexRun reference = await IndexAsync(folder, referencePath, killAt: null, cancellationToken);
        if (reference.ExitCode != 0)
        {
            throw new InvalidOperationException($"The clean reference ingest exited with {reference.ExitCode}.");
        }

        Dictionary<string, (string Hash, int Chunks)> snapshot = await StoreInspection.SnapshotAsync(referencePath, cancellationToken);
        TimeSpan commitWindow = reference.LastCommit - reference.FirstCommit;
        int perDocumentMs = Math.Max(1, (int)(commitWindow.TotalMilliseconds / Math.Max(1, snapshot.Count - 1)));
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

            // Kill once `target` documents are committed, `delay` later: inside the commit of one of the next documents.
            var killAt = new KillPoint(random.Next(1, Math.Max(2, snapshot.Count)), TimeSpan.FromMilliseconds(random.Next(0, perDocumentMs)));
            IndexRun killedRun = await IndexAsync(folder, databasePath, killAt, cancellationToken);
            var outcome = new KillRunOutcome
            {
                Run = run,
                TargetDocuments = killAt.CommittedDocuments,
                ExtraDelay = killAt.Delay,
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

            IndexRun rerun = await IndexAsync(folder, databasePath, killAt: null, cancellationToken);
            outcome.RerunExitCode = rerun.ExitCode;
            Dictionary<string, (string Hash, int Chunks)> after = await StoreInspection.SnapshotAsync(databasePath, cancellationToken);
            outcome.Differences = StoreInspection.Compare(snapshot, after);
            outcome.DuplicateChunks = StoreInspection.DuplicateChunks(databasePath);
            result.Runs.Add(outcome);
            File.Delete(databasePath);
        }

        return result;
    }

    /// <summary>Counts the documents committed so far, read from outside through a read-only connection (never creates the file).</summary>
    private static int CommittedDocuments(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            return 0;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM documents WHERE status = 0";
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            // Not created yet (no tables), or busy while the writer sets it up.
            return 0;
        }
    }

    /// <summary>
    /// Runs <c>rag-cli index</c>, polling the catalog for commit times; when <paramref name="killAt"/> is given, kills the
    /// process tree once that many documents are committed and its delay has passed.
    /// </summary>
    private async Task<IndexRun> IndexAsync(string folder, string databasePath, KillPoint? killAt, CancellationToken cancellationToken)
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
        int seen = 0;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromMinutes(5));
            Task exited = process.WaitForExitAsync(limit.Token);
            while (!exited.IsCompleted)
            {
                int committed = CommittedDocuments(databasePath);
                if (committed > seen)
                {
                    run.FirstCommit = seen == 0 ? clock.Elapsed : run.FirstCommit;
                    run.LastCommit = clock.Elapsed;
                    seen = committed;
                }

                if (killAt is not null && committed >= killAt.CommittedDocuments)
                {
                    await Task.WhenAny(exited, Task.Delay(killAt.Delay, limit.Token));
                    if (!exited.IsCompleted)
                    {
                        process.Kill(entireProcessTree: true);
                        run.Killed = true;
                    }

                    break;
                }

                await Task.WhenAny(exited, Task.Delay(s_pollInterval, limit.Token));
            }

            limit.Token.ThrowIfCancellationRequested();

            if (!run.Killed)
            {
                int committed = CommittedDocuments(databasePath);
                if (committed > seen)
                {
                    run.FirstCommit = seen == 0 ? clock.Elapsed : run.FirstCommit;
                    run.LastCommit = clock.Elapsed;
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }

        run.Elapsed = clock.Elapsed;
        await Task.WhenAll(stdout, stderr);
        run.ExitCode = process.ExitCode;
        if (killAt is null && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rag-cli index exited with {process.ExitCode}: {stderr.Result}");
        }

        return run;
    }

    /// <summary>When to kill: once <see cref="CommittedDocuments"/> are committed, after <see cref="Delay"/>.</summary>
    private sealed record KillPoint(int CommittedDocuments, TimeSpan Delay);

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

    /// <summary>Gets the seeded delay after that count was seen, before the kill.</summary>
    public TimeSpan ExtraDelay { get; init; }

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
