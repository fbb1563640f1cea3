// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;

namespace Rag.Reliability;

/// <summary>
/// Disk-full campaign: indexes half a folder, adds the other half, and re-runs <c>rag-cli index</c> with little room left,
/// either under a file-size limit (RLIMIT_FSIZE, <c>ulimit -f</c>: writes fail with EFBIG) or on a small tmpfs mounted for
/// the run (ENOSPC, needs the right to mount). Checks the CLI's exit code and message, that every document stored before is
/// intact, that nothing half-written is visible, and that once space returns a re-run equals a clean ingest.
/// </summary>
internal sealed class DiskFullCampaign(string cliPath, string workDirectory, int documents, int seed)
{
    /// <summary>Runs one case per limit.</summary>
    public async Task<DiskFullResult> RunAsync(IReadOnlyList<DiskLimit> limits, CancellationToken cancellationToken)
    {
        string referenceFolder = Path.Combine(workDirectory, "reference-docs");
        CorpusGenerator.WriteFolder(referenceFolder, documents, seed);
        string referencePath = Path.Combine(workDirectory, "reference.db");
        CliRun reference = await IndexAsync(referenceFolder, referencePath, string.Empty, cancellationToken);
        if (reference.ExitCode != 0)
        {
            throw new InvalidOperationException($"The clean reference ingest exited with {reference.ExitCode}: {reference.Message}");
        }

        var result = new DiskFullResult { ReferenceDocuments = documents, ReferenceBytes = new FileInfo(referencePath).Length };
        Dictionary<string, (string Hash, int Chunks)> expected = await StoreInspection.SnapshotAsync(referencePath, cancellationToken);
        for (int i = 0; i < limits.Count; i++)
        {
            result.Cases.Add(await RunCaseAsync(limits[i], Path.Combine(workDirectory, string.Create(CultureInfo.InvariantCulture, $"case{i}")), expected, cancellationToken));
        }

        return result;
    }

    private async Task<DiskFullCase> RunCaseAsync(DiskLimit limit, string caseDirectory, Dictionary<string, (string Hash, int Chunks)> expected, CancellationToken cancellationToken)
    {
        string databasePath = Path.Combine(caseDirectory, "index", "kb.db");
        var outcome = new DiskFullCase { Limit = limit, DatabasePath = databasePath };
        string folder = Path.Combine(caseDirectory, "docs");
        string held = Path.Combine(caseDirectory, "held");
        string indexDirectory = Path.Combine(caseDirectory, "index");
        Directory.CreateDirectory(held);
        Directory.CreateDirectory(indexDirectory);
        IReadOnlyList<string> files = CorpusGenerator.WriteFolder(folder, documents, seed);
        foreach (string file in files.Skip(documents / 2))
        {
            File.Move(file, Path.Combine(held, Path.GetFileName(file)));
        }

        bool mounted = false;
        try
        {
            if (limit.Kind == DiskLimitKind.SmallFileSystem)
            {
                (int code, string error) = await CliProcess.SystemAsync("mount", ["-t", "tmpfs", "-o", "size=256m", "tmpfs", indexDirectory], cancellationToken);
                if (code != 0)
                {
                    outcome.Skipped = $"cannot mount a tmpfs here ({error})";
                    return outcome;
                }

                mounted = true;
            }

            // 1. Half the folder, with room.
            CliRun first = await IndexAsync(folder, databasePath, string.Empty, cancellationToken);
            if (first.ExitCode != 0)
            {
                throw new InvalidOperationException($"Indexing the first half exited with {first.ExitCode}: {first.Message}");
            }

            Dictionary<string, (string Hash, int Chunks)> before = await StoreInspection.SnapshotAsync(databasePath, cancellationToken);
            outcome.DocumentsBefore = before.Count;
            outcome.BytesBefore = StoreBytes(databasePath);

            // 2. The other half, with only `limit.HeadroomKiB` of room left.
            foreach (string file in Directory.GetFiles(held))
            {
                File.Move(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            long roomKiB = (outcome.BytesBefore / 1024) + limit.HeadroomKiB;
            string setup = string.Empty;
            if (limit.Kind == DiskLimitKind.SmallFileSystem)
            {
                await RemountAsync(indexDirectory, roomKiB, cancellationToken);
            }
            else
            {
                setup = string.Create(CultureInfo.InvariantCulture, $"trap '' XFSZ; ulimit -f {roomKiB};");
            }

            CliRun full = await IndexAsync(folder, databasePath, setup, cancellationToken);
            outcome.ExitCode = full.ExitCode;
            outcome.Message = full.Message;

            // 3. What survived the failure.
            if (limit.Kind == DiskLimitKind.SmallFileSystem)
            {
                // Room for SQLite's own recovery files before inspecting (still far less than the whole folder needs).
                await RemountAsync(indexDirectory, roomKiB + 4096, cancellationToken);
            }

            outcome.IntegrityCheck = StoreInspection.IntegrityCheck(databasePath);
            Dictionary<string, (string Hash, int Chunks)> afterFailure = await StoreInspection.SnapshotAsync(databasePath, cancellationToken);
            outcome.DocumentsAfterFailure = afterFailure.Count;
            outcome.BeforeIntact = StoreInspection.Compare(before, afterFailure.Where(d => before.ContainsKey(d.Key)).ToDictionary()).Count == 0;
            outcome.HalfWritten = afterFailure.Count(d => d.Value.Chunks < 0) + (int)StoreInspection.DuplicateChunks(databasePath);

            // 4. Space returns: a re-run completes and equals a clean ingest.
            if (limit.Kind == DiskLimitKind.SmallFileSystem)
            {
                await RemountAsync(indexDirectory, 256 * 1024, cancellationToken);
            }

            CliRun rerun = await IndexAsync(folder, databasePath, string.Empty, cancellationToken);
            outcome.RerunExitCode = rerun.ExitCode;
            outcome.Differences = StoreInspection.Compare(expected, await StoreInspection.SnapshotAsync(databasePath, cancellationToken));
            outcome.DuplicateChunks = StoreInspection.DuplicateChunks(databasePath);
            return outcome;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (mounted)
            {
                await CliProcess.SystemAsync("umount", [indexDirectory], CancellationToken.None);
            }
        }
    }

    private static async Task RemountAsync(string mountPoint, long sizeKiB, CancellationToken cancellationToken)
    {
        (int code, string error) = await CliProcess.SystemAsync("mount", ["-o", string.Create(CultureInfo.InvariantCulture, $"remount,size={sizeKiB}k"), mountPoint], cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"Resizing the tmpfs at '{mountPoint}' failed: {error}");
        }
    }

    /// <summary>The bytes of the database and its write-ahead log.</summary>
    private static long StoreBytes(string databasePath) =>
        new[] { databasePath, databasePath + "-wal", databasePath + "-shm" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);

    private Task<CliRun> IndexAsync(string folder, string databasePath, string setup, CancellationToken cancellationToken) =>
        CliProcess.RunAsync(cliPath, ["index", folder, "--index", databasePath, "--json"], setup, string.Empty, cancellationToken);
}

/// <summary>How the disk fills up.</summary>
internal enum DiskLimitKind
{
    /// <summary>A file-size limit on the CLI process (RLIMIT_FSIZE): writes past it fail with EFBIG.</summary>
    FileSizeLimit,

    /// <summary>A small tmpfs holding the index: writes fail with ENOSPC, as on a full disk.</summary>
    SmallFileSystem,
}

/// <summary>One disk-full case: the kind of limit and the room left beyond the store's size before the failing run.</summary>
internal sealed record DiskLimit(DiskLimitKind Kind, long HeadroomKiB);

/// <summary>The figures of a disk-full campaign.</summary>
internal sealed class DiskFullResult
{
    public int ReferenceDocuments { get; init; }

    public long ReferenceBytes { get; init; }

    public List<DiskFullCase> Cases { get; } = [];
}

/// <summary>One disk-full case.</summary>
internal sealed class DiskFullCase
{
    public required DiskLimit Limit { get; init; }

    /// <summary>Gets or sets why the case did not run (no right to mount), or <see langword="null"/>.</summary>
    public string? Skipped { get; set; }

    public int DocumentsBefore { get; set; }

    public long BytesBefore { get; set; }

    public int ExitCode { get; set; }

    public string Message { get; set; } = string.Empty;

    public string IntegrityCheck { get; set; } = string.Empty;

    public int DocumentsAfterFailure { get; set; }

    public bool BeforeIntact { get; set; }

    /// <summary>Gets or sets documents stored incompletely plus duplicate or orphan chunk rows after the failure.</summary>
    public int HalfWritten { get; set; }

    public int RerunExitCode { get; set; }

    public List<string> Differences { get; set; } = [];

    public long DuplicateChunks { get; set; }

    public required string DatabasePath { get; init; }

    /// <summary>Gets whether the failing run reported the full disk clearly (exit code 4, the file named, "disk is full").</summary>
    public bool ClearError => ExitCode == 4 && CliRun.Names(Message, DatabasePath) && Message.Contains("disk is full", StringComparison.Ordinal);

    public bool Passed => Skipped is null && ClearError && IntegrityCheck == "ok" && BeforeIntact && HalfWritten == 0 && RerunExitCode == 0 && Differences.Count == 0 && DuplicateChunks == 0;
}
