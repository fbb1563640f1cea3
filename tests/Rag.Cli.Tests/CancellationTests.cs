// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>Ctrl+C (SIGINT) during <c>index</c>: exit code 130, and the index stays consistent so a re-run finishes the job.</summary>
public sealed class CancellationTests
{
    private const int FileCount = 400;

    [Fact]
    public async Task Index_CtrlCMidway_Exits130AndARerunCompletesAConsistentIndex()
    {
        // Arrange: a folder big enough that indexing is still running when the signal arrives.
        using var root = new TemporaryDirectory();
        for (int i = 0; i < FileCount; i++)
        {
            root.WriteFile(string.Create(CultureInfo.InvariantCulture, $"notes/team-{i / 25}/note-{i:000}.md"), Note(i));
        }

        string folder = Path.Combine(root.Path, "notes");
        string index = Path.Combine(folder, ".rag", "index.db");

        // Act: interrupt once some documents are committed.
        using (CliProcess cli = CliProcess.Start(root.Path, ["index", folder, "--json"]))
        {
            await WaitForIndexedDocumentsAsync(cli, index);
            await cli.InterruptAsync();
            CliResult interrupted = await cli.WaitAsync(TimeSpan.FromSeconds(60));

            // Assert
            interrupted.AssertExitCode(130);
            Assert.Contains("Cancelled", interrupted.StandardError, StringComparison.Ordinal);
        }

        Assert.True(CountDocuments(index) < FileCount, "The interrupted run indexed every file; the signal came too late to test anything.");
        JsonElement rerun = (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"], timeout: TimeSpan.FromMinutes(3))).AssertExitCode(0).Json();
        Assert.Empty(rerun.GetProperty("failed").EnumerateArray());
        Assert.Equal(FileCount, rerun.GetProperty("added").GetArrayLength() + rerun.GetProperty("unchanged").GetInt32());
        Assert.True(rerun.GetProperty("unchanged").GetInt32() > 0, "The re-run should keep what the interrupted run finished.");

        JsonElement status = (await CliProcess.RunAsync(root.Path, ["status", "--folder", folder, "--json"])).AssertExitCode(0).Json();
        Assert.Equal(FileCount, status.GetProperty("documents").GetInt32());
        Assert.Equal("ok", IntegrityCheck(index));
    }

    private static string Note(int i) => string.Create(
        CultureInfo.InvariantCulture,
        $"""
        # Meeting note {i}

        ## Decisions

        The team decided to move the release of component {i} to week {i % 52 + 1}. The budget stays at {1000 + i} euros,
        and the owner of the follow-up is engineer number {i % 17}. Testing starts two days before the release.

        ## Open questions

        Whether the supplier for part {i * 7} can deliver before the deadline is still open. The warehouse in hall {i % 5}
        reported {i % 11} damaged boxes last month, which need a written report to the quality team.
        """);

    private static async Task WaitForIndexedDocumentsAsync(CliProcess cli, string index)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(cli.HasExited, "index finished before Ctrl+C could be sent.");
            if (File.Exists(index) && CountDocuments(index) >= 5)
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail("No document was indexed within 60 s.");
    }

    private static int CountDocuments(string index)
    {
        try
        {
            using SqliteConnection connection = Open(index);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM documents;";
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            // The schema is not created yet, or the writer is busy; look again shortly.
            return 0;
        }
    }

    private static string IntegrityCheck(string index)
    {
        using SqliteConnection connection = Open(index);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)command.ExecuteScalar()!;
    }

    private static SqliteConnection Open(string index)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = index, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
