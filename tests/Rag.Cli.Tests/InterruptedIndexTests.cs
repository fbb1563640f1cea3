// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Microsoft.Data.Sqlite;
using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>
/// An index a killed first run left behind opens with the next ordinary command; a file that is not an index is refused
/// with a clear error and kept; <c>index --reembed</c> and queries never empty an index whose folder looks lost; one bad
/// ignore line is a warning, not a failed sync.
/// </summary>
public sealed class InterruptedIndexTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Drops whitespace, so a message matches wherever the console wrapped it.</summary>
    private static string Squash(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string IndexPath(string folder) => Path.Combine(folder, ".rag", "index.db");

    [Fact]
    public async Task Index_ZeroByteIndexFile_BuildsTheIndexAndQueriesWork()
    {
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);
        Directory.CreateDirectory(Path.GetDirectoryName(IndexPath(folder))!);
        await File.WriteAllBytesAsync(IndexPath(folder), [], Ct);

        JsonElement index = (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(0).Json();
        JsonElement search = (await CliProcess.RunAsync(root.Path, ["search", "parental leave weeks", "--folder", folder, "--no-sync", "--json"])).AssertExitCode(0).Json();

        Assert.Equal(SampleDocs.Files.Count, index.GetProperty("added").GetArrayLength());
        Assert.NotEqual(0, search.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Index_ZeroByteIndexFileWithHotJournal_BuildsTheIndex()
    {
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);
        Directory.CreateDirectory(Path.GetDirectoryName(IndexPath(folder))!);
        await File.WriteAllBytesAsync(IndexPath(folder) + "-journal", SqliteHotJournal.Capture(root.Path), Ct);
        await File.WriteAllBytesAsync(IndexPath(folder), [], Ct);

        JsonElement index = (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(0).Json();

        Assert.Equal(SampleDocs.Files.Count, index.GetProperty("added").GetArrayLength());
        Assert.False(File.Exists(IndexPath(folder) + "-journal"));
    }

    [Fact]
    public async Task IndexAndAsk_SchemaWithoutKnowledgeTables_BuildTheIndex()
    {
        // What an older version left when killed between its two schema commits.
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);
        Directory.CreateDirectory(Path.GetDirectoryName(IndexPath(folder))!);
        using (var connection = new SqliteConnection($"Data Source={IndexPath(folder)};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE rag_schema (id INTEGER PRIMARY KEY, version INTEGER NOT NULL); INSERT INTO rag_schema VALUES (1, 1); CREATE TABLE rag_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);";
            create.ExecuteNonQuery();
        }

        CliResult noSync = await CliProcess.RunAsync(root.Path, ["search", "parental leave weeks", "--folder", folder, "--no-sync"]);
        JsonElement ask = (await CliProcess.RunAsync(root.Path, ["ask", "How many weeks of parental leave are there?", "--folder", folder, "--json"])).AssertExitCode(0).Json();

        noSync.AssertExitCode(4);
        Assert.Contains(Squash("index the folder again"), Squash(noSync.StandardError), StringComparison.Ordinal);
        Assert.NotEqual(0, ask.GetProperty("citations").GetArrayLength());
    }

    [Fact]
    public async Task Index_GarbageIndexFile_FailsNamingItAndLeavesItUntouched()
    {
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);
        Directory.CreateDirectory(Path.GetDirectoryName(IndexPath(folder))!);
        byte[] garbage = [.. System.Text.Encoding.UTF8.GetBytes("notes I saved here by mistake\n"), .. Enumerable.Range(0, 8000).Select(i => (byte)(i * 31))];
        await File.WriteAllBytesAsync(IndexPath(folder), garbage, Ct);

        CliResult result = (await CliProcess.RunAsync(root.Path, ["index", folder])).AssertExitCode(4);

        Assert.Contains(Squash("is not a SQLite database"), Squash(result.StandardError), StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(IndexPath(folder), Ct));
    }

    [Fact]
    public async Task IndexReembed_FolderEmptiedLikeAnUnmountedShare_RefusesAndKeepsTheIndex()
    {
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);
        (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(0);
        foreach (string file in Directory.GetFiles(Path.Combine(folder, "handbook")))
        {
            File.Delete(file);
        }

        CliResult refused = await CliProcess.RunAsync(root.Path, ["index", folder, "--reembed"]);
        JsonElement status = (await CliProcess.RunAsync(root.Path, ["status", "--folder", folder, "--json"])).AssertExitCode(0).Json();

        refused.AssertExitCode(1);
        Assert.Contains("'handbook/'", Squash(refused.StandardError), StringComparison.Ordinal);
        Assert.Contains(Squash("--reembed --allow-mass-delete"), Squash(refused.StandardError), StringComparison.Ordinal);
        Assert.Equal(SampleDocs.Files.Count, status.GetProperty("documents").GetInt32());
    }

    [Fact]
    public async Task Index_BadIgnoreLine_WarnsWithFileAndLineAndIndexesTheRest()
    {
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);
        await File.WriteAllTextAsync(Path.Combine(folder, ".ragignore"), "# rules\n[z-a].md\n*.csv\n", Ct);

        JsonElement index = (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(0).Json();

        JsonElement warning = Assert.Single(index.GetProperty("warnings").EnumerateArray());
        Assert.Equal(".ragignore", warning.GetProperty("path").GetString());
        Assert.StartsWith("line 2: '[z-a].md' is not a valid pattern", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        string[] added = [.. index.GetProperty("added").EnumerateArray().Select(e => e.GetString()!)];
        Assert.DoesNotContain(added, p => p.EndsWith(".csv", StringComparison.Ordinal));
        Assert.Contains(added, p => p.EndsWith(".md", StringComparison.Ordinal));
    }
}
