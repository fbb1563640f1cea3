// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Rag.Connectors.Sqlite;

namespace Rag.Reliability;

/// <summary>
/// Kill -9 campaign: starts <c>rag-cli index &lt;folder&gt;</c>, kills its process tree at a seeded random moment, then checks
/// that the database passes <c>PRAGMA integrity_check</c>, that a re-run completes, and that the store then equals a clean ingest.
/// </summary>
internal sealed class KillCampaign(string cliPath, string workDirectory, int documents, int runs, int seed)
{
    /// <summary>Runs the campaign.</summary>
    public async Task<KillCampaignResult> RunAsync(CancellationToken cancellationToken)
    {
        string folder = Path.Combine(workDirectory, "docs");
        CorpusGenerator.WriteFolder(folder, documents, seed);

        string referencePath = Path.Combine(workDirectory, "reference.db");
        var clock = Stopwatch.StartNew();
        (int referenceExit, _) = await IndexAsync(folder, referencePath, killAfter: null, cancellationToken);
        TimeSpan referenceTime = clock.Elapsed;
        if (referenceExit != 0)
        {
            throw new InvalidOperationException($"The clean reference ingest exited with {referenceExit}.");
        }

        Dictionary<string, (string Hash, int Chunks)> reference = await SnapshotAsync(referencePath, cancellationToken);
        var random = new Random(seed);
        var result = new KillCampaignResult { ReferenceDocuments = reference.Count, ReferenceTime = referenceTime };
        for (int run = 0; run < runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string databasePath = Path.Combine(workDirectory, string.Create(CultureInfo.InvariantCulture, $"run{run}.db"));

            // Kill anywhere from process start-up to the end of a clean run's duration (most land while documents are written).
            TimeSpan killAfter = TimeSpan.FromMilliseconds(random.Next(200, Math.Max(400, (int)referenceTime.TotalMilliseconds)));
            (_, bool killed) = await IndexAsync(folder, databasePath, killAfter, cancellationToken);
            var outcome = new KillRunOutcome { Run = run, KillAfter = killAfter, Killed = killed };
            if (File.Exists(databasePath))
            {
                outcome.IntegrityCheck = IntegrityCheck(databasePath);
                outcome.DocumentsAtKill = (await SnapshotAsync(databasePath, cancellationToken)).Count;
            }
            else
            {
                outcome.IntegrityCheck = "ok (no database yet)";
            }

            (int rerunExit, _) = await IndexAsync(folder, databasePath, killAfter: null, cancellationToken);
            outcome.RerunExitCode = rerunExit;
            Dictionary<string, (string Hash, int Chunks)> after = await SnapshotAsync(databasePath, cancellationToken);
            outcome.Differences = Compare(reference, after);
            outcome.DuplicateChunks = DuplicateChunks(databasePath);
            result.Runs.Add(outcome);
            File.Delete(databasePath);
        }

        return result;
    }

    private static List<string> Compare(Dictionary<string, (string Hash, int Chunks)> expected, Dictionary<string, (string Hash, int Chunks)> actual)
    {
        var differences = new List<string>();
        foreach ((string path, (string hash, int chunks)) in expected)
        {
            if (!actual.TryGetValue(path, out var found))
            {
                differences.Add("missing " + path);
            }
            else if (found.Hash != hash || found.Chunks != chunks)
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {found.Chunks} chunks (expected {chunks})"));
            }
        }

        differences.AddRange(actual.Keys.Except(expected.Keys).Select(p => "extra " + p));
        return differences;
    }

    /// <summary>Reads the documents (path → content hash, chunk rows actually stored) through the public store API.</summary>
    private static async Task<Dictionary<string, (string Hash, int Chunks)>> SnapshotAsync(string databasePath, CancellationToken cancellationToken)
    {
        using KnowledgeStore store = SqliteKnowledgeStore.Open(databasePath);
        var snapshot = new Dictionary<string, (string Hash, int Chunks)>(StringComparer.Ordinal);
        foreach (DocumentRecord document in await store.GetDocumentsAsync(cancellationToken))
        {
            if (document.Status != DocumentStatus.Indexed)
            {
                continue;
            }

            IReadOnlyList<DocumentChunk> chunks = await store.GetChunksAsync(document.Id, cancellationToken);
            if (chunks.Count != document.ChunkCount || chunks.Select(c => c.Index).Distinct().Count() != chunks.Count)
            {
                snapshot[document.Path] = (document.ContentHash, -1);
                continue;
            }

            snapshot[document.Path] = (document.ContentHash, chunks.Count);
        }

        return snapshot;
    }

    private static string IntegrityCheck(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "null";
    }

    /// <summary>
    /// Counts, straight from the SQLite file, chunk rows sharing a (document, index) pair, chunk rows of no document,
    /// and the difference between the full-text index and the chunk table.
    /// </summary>
    private static long DuplicateChunks(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM chunks GROUP BY document_id, idx HAVING n > 1))
                 + (SELECT COUNT(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents))
                 + ABS((SELECT COUNT(*) FROM chunks) - (SELECT COUNT(*) FROM chunks_fts))
            """;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <c>rag-cli index</c>; kills the process tree after <paramref name="killAfter"/> when given.</summary>
    private async Task<(int ExitCode, bool Killed)> IndexAsync(string folder, string databasePath, TimeSpan? killAfter, CancellationToken cancellationToken)
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
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        bool killed = false;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(killAfter ?? TimeSpan.FromMinutes(5));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && killAfter is not null)
            {
                process.Kill(entireProcessTree: true);
                killed = true;
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        await Task.WhenAll(stdout, stderr);
        if (killAfter is null && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rag-cli index exited with {process.ExitCode}: {stderr.Result}");
        }

        return (process.ExitCode, killed);
    }
}

/// <summary>The figures of a kill campaign.</summary>
internal sealed class KillCampaignResult
{
    public int ReferenceDocuments { get; init; }

    public TimeSpan ReferenceTime { get; init; }

    public List<KillRunOutcome> Runs { get; } = [];

    public int Survived => Runs.Count(r => r.Survived);
}

/// <summary>One kill run.</summary>
internal sealed class KillRunOutcome
{
    public int Run { get; init; }

    public TimeSpan KillAfter { get; init; }

    public bool Killed { get; init; }

    public int DocumentsAtKill { get; set; }

    public string IntegrityCheck { get; set; } = string.Empty;

    public int RerunExitCode { get; set; }

    public List<string> Differences { get; set; } = [];

    public long DuplicateChunks { get; set; }

    public bool Survived => IntegrityCheck.StartsWith("ok", StringComparison.Ordinal) && RerunExitCode == 0 && Differences.Count == 0 && DuplicateChunks == 0;
}
