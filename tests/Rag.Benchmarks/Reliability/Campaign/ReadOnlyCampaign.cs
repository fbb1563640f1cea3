// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;
using Rag.Connectors.Sqlite;

namespace Rag.Reliability;

/// <summary>
/// Read-only campaign: an indexed folder changes, then its index is written to where it cannot be: opened with
/// <see cref="SqliteStoreOptions.ReadOnly"/>, made unwritable by permissions (checked as an unprivileged user, since root
/// ignores them), and placed on a read-only bind mount (which stops root too). Each case records the error a write gives,
/// whether searches still work, and whether the file stayed byte-for-byte unchanged.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ReadOnlyCampaign(string cliPath, string workDirectory, int documents, int seed)
{
    private const string Query = "What are the approval steps of the vacation policy?";

    /// <summary>Runs the three cases.</summary>
    public async Task<IReadOnlyList<ReadOnlyCase>> RunAsync(CancellationToken cancellationToken)
    {
        string folder = Path.Combine(workDirectory, "docs");
        string indexDirectory = Path.Combine(workDirectory, "index");
        string databasePath = Path.Combine(indexDirectory, "kb.db");
        IReadOnlyList<string> files = CorpusGenerator.WriteFolder(folder, documents, seed);
        CliRun index = await IndexAsync(folder, databasePath, string.Empty, cancellationToken);
        if (index.ExitCode != 0)
        {
            throw new InvalidOperationException($"Indexing exited with {index.ExitCode}: {index.Message}");
        }

        // The folder changes, so a sync has something to write.
        await File.AppendAllTextAsync(files[0], "\n\nThe vacation policy changed this week.", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "added.txt"), "A new note about the parking policy.", cancellationToken);
        SqliteConnection.ClearAllPools();

        // The bind mount goes first: the index folder then holds the database alone, as a shipped index does.
        var cases = new List<ReadOnlyCase>();
        foreach (Func<Task<ReadOnlyCase>> run in (Func<Task<ReadOnlyCase>>[])[
            () => BindMountCaseAsync(folder, indexDirectory, cancellationToken),
            () => PermissionCaseAsync(folder, indexDirectory, databasePath, cancellationToken),
            () => OptionCaseAsync(folder, databasePath, cancellationToken)])
        {
            string[] before = Directory.GetFiles(indexDirectory);
            ReadOnlyCase outcome = await run();
            outcome.FilesAdded = [.. Directory.GetFiles(indexDirectory).Except(before).Select(Path.GetFileName).OfType<string>()];
            cases.Add(outcome);
        }

        return cases;
    }

    private static async Task<ReadOnlyCase> OptionCaseAsync(string folder, string databasePath, CancellationToken cancellationToken)
    {
        var outcome = new ReadOnlyCase { Name = "`SqliteStoreOptions.ReadOnly = true` (SDK, in process)", DatabasePath = databasePath };
        string before = Hash(databasePath);
        (outcome.SearchHits, outcome.SearchError) = await SearchReadOnlyAsync(databasePath, cancellationToken);
        await using (ServiceProvider services = Stack(databasePath))
        {
            try
            {
                await services.GetRequiredService<DocumentIngestor>().SyncFolderAsync(folder, cancellationToken: cancellationToken);
                outcome.WriteOutcome = "sync completed (not refused)";
            }
            catch (VectorStoreException ex)
            {
                outcome.WriteOutcome = "VectorStoreException";
                outcome.Message = ex.Message;
            }
        }

        SqliteConnection.ClearAllPools();
        outcome.Unchanged = before == Hash(databasePath);
        return outcome;
    }

    private async Task<ReadOnlyCase> PermissionCaseAsync(string folder, string indexDirectory, string databasePath, CancellationToken cancellationToken)
    {
        bool root = CliProcess.IsRoot;
        var outcome = new ReadOnlyCase
        {
            Name = root ? "File 0444, folder 0555; `rag-cli index` as uid 65534 (nobody, via setpriv, because root ignores permissions)" : "File 0444, folder 0555; `rag-cli index` as this (non-root) user",
            DatabasePath = databasePath,
        };
        string before = Hash(databasePath);
        const UnixFileMode ReadAndList = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(databasePath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(indexDirectory, ReadAndList);
        try
        {
            string launcher = root ? string.Create(CultureInfo.InvariantCulture, $"setpriv --reuid={CliProcess.NobodyId} --regid={CliProcess.NobodyId} --clear-groups") : string.Empty;
            CliRun run = await CliProcess.RunAsync(cliPath, ["index", folder, "--index", databasePath, "--json"], string.Empty, launcher, cancellationToken);
            outcome.WriteOutcome = string.Create(CultureInfo.InvariantCulture, $"exit {run.ExitCode}");
            outcome.Message = run.Message;
        }
        finally
        {
            File.SetUnixFileMode(indexDirectory, ReadAndList | UnixFileMode.UserWrite);
            File.SetUnixFileMode(databasePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        outcome.Unchanged = before == Hash(databasePath);
        (outcome.SearchHits, outcome.SearchError) = await SearchReadOnlyAsync(databasePath, cancellationToken);
        return outcome;
    }

    private async Task<ReadOnlyCase> BindMountCaseAsync(string folder, string indexDirectory, CancellationToken cancellationToken)
    {
        string mountPoint = Path.Combine(workDirectory, "read-only-mount");
        string databasePath = Path.Combine(mountPoint, "kb.db");
        var outcome = new ReadOnlyCase { Name = "Read-only bind mount of the index folder; `rag-cli index` as root", DatabasePath = databasePath };
        Directory.CreateDirectory(mountPoint);
        (int code, string error) = await CliProcess.SystemAsync("mount", ["--bind", indexDirectory, mountPoint], cancellationToken);
        if (code != 0)
        {
            outcome.Skipped = $"cannot bind-mount here ({error})";
            return outcome;
        }

        try
        {
            (code, error) = await CliProcess.SystemAsync("mount", ["-o", "remount,bind,ro", mountPoint], cancellationToken);
            if (code != 0)
            {
                outcome.Skipped = $"cannot remount read-only here ({error})";
                return outcome;
            }

            string before = Hash(databasePath);
            CliRun run = await IndexAsync(folder, databasePath, string.Empty, cancellationToken);
            outcome.WriteOutcome = string.Create(CultureInfo.InvariantCulture, $"exit {run.ExitCode}");
            outcome.Message = run.Message;
            (outcome.SearchHits, outcome.SearchError) = await SearchReadOnlyAsync(databasePath, cancellationToken);
            outcome.Unchanged = before == Hash(databasePath);
            return outcome;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            await CliProcess.SystemAsync("umount", [mountPoint], CancellationToken.None);
        }
    }

    /// <summary>Searches the store opened read-only through the SDK (real embeddings, hybrid retrieval).</summary>
    private static async Task<(int Hits, string? Error)> SearchReadOnlyAsync(string databasePath, CancellationToken cancellationToken)
    {
        try
        {
            await using ServiceProvider services = Stack(databasePath);
            IReadOnlyList<Source> results = await services.GetRequiredService<KnowledgeBase>().SearchAsync(Query, cancellationToken: cancellationToken);
            return (results.Count, null);
        }
        catch (VectorStoreException ex)
        {
            return (0, ex.Message);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    private static ServiceProvider Stack(string databasePath)
    {
        var services = new ServiceCollection();
        services.AddRag().UseOnnxEmbeddings().UseSqliteStore(databasePath, o => o.ReadOnly = true);
        return services.BuildServiceProvider();
    }

    private static string Hash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private Task<CliRun> IndexAsync(string folder, string databasePath, string setup, CancellationToken cancellationToken) =>
        CliProcess.RunAsync(cliPath, ["index", folder, "--index", databasePath, "--json"], setup, string.Empty, cancellationToken);
}

/// <summary>One read-only case.</summary>
internal sealed class ReadOnlyCase
{
    public required string Name { get; init; }

    public required string DatabasePath { get; init; }

    /// <summary>Gets or sets why the case did not run (no right to mount), or <see langword="null"/>.</summary>
    public string? Skipped { get; set; }

    public string WriteOutcome { get; set; } = string.Empty;

    public string Message { get; set; } = string.Empty;

    public bool Unchanged { get; set; }

    public int SearchHits { get; set; }

    public string? SearchError { get; set; }

    /// <summary>Gets or sets the files the case left in the index folder that were not there before (e.g. SQLite's -wal/-shm).</summary>
    public IReadOnlyList<string> FilesAdded { get; set; } = [];

    /// <summary>Gets whether the write was refused with a message naming the file and saying it is read-only.</summary>
    public bool ClearError => CliRun.Names(Message, DatabasePath) && Message.Contains("read-only", StringComparison.Ordinal);

    public bool Passed => Skipped is null && ClearError && Unchanged && SearchHits > 0;
}
