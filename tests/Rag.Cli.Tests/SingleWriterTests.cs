// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>
/// One sync at a time per index, with two real processes: a second <c>index</c> names the running one (or waits for it
/// with <c>--wait</c>), a query answers from the index as it is instead of syncing too, and a dead holder's lock is taken.
/// </summary>
public sealed class SingleWriterTests
{
    private const string Question = "How many vacation days do new employees get?";

    /// <summary>Notes added to the sample folder so that indexing them takes long enough to overlap a second process.</summary>
    private const int ExtraNotes = 40;

    private static readonly TimeSpan s_indexTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Index_WhileAnotherIndexRuns_ExitsIndexUnavailableNamingTheHolder()
    {
        // Arrange
        using var root = new TemporaryDirectory();
        string folder = CopyWithNotes(root);
        using CliProcess first = await StartIndexAsync(root, folder);

        // Act
        CliResult second = await CliProcess.RunAsync(root.Path, ["index", folder, "--json"]);
        bool firstStillRunning = !first.HasExited;
        CliResult firstResult = await first.WaitAsync(s_indexTimeout);

        // Assert
        Assert.True(firstStillRunning, "The first index finished before the second one checked the lock; the test proves nothing.");
        second.AssertExitCode(4);
        JsonElement error = second.Json().GetProperty("error");
        Assert.Equal("index_unavailable", error.GetProperty("code").GetString());
        Assert.Equal(4, error.GetProperty("exitCode").GetInt32());
        Assert.Contains($"already being indexed by pid {first.Id} since ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("--wait", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(SampleDocs.Files.Count + ExtraNotes, firstResult.AssertExitCode(0).Json().GetProperty("added").GetArrayLength());
    }

    [Fact]
    public async Task Index_WaitWhileAnotherIndexRuns_WaitsThenCountsOnlyItsOwnWork()
    {
        // Arrange
        using var root = new TemporaryDirectory();
        string folder = CopyWithNotes(root);
        using CliProcess first = await StartIndexAsync(root, folder);

        // Act
        CliResult second = await CliProcess.RunAsync(root.Path, ["index", folder, "--wait", "--json"], timeout: s_indexTimeout);
        CliResult firstResult = await first.WaitAsync(s_indexTimeout);

        // Assert: the first did all the work, the second waited for it and found nothing left to do.
        Assert.Contains($"being indexed by pid {first.Id}", second.AssertExitCode(0).StandardError, StringComparison.Ordinal);
        Assert.Contains("waiting", second.StandardError, StringComparison.Ordinal);
        JsonElement own = second.Json();
        Assert.Equal(0, own.GetProperty("added").GetArrayLength());
        Assert.Equal(0, own.GetProperty("chunksEmbedded").GetInt32());
        Assert.Equal(SampleDocs.Files.Count + ExtraNotes, own.GetProperty("unchanged").GetInt32());
        Assert.Equal(SampleDocs.Files.Count + ExtraNotes, firstResult.AssertExitCode(0).Json().GetProperty("added").GetArrayLength());
    }

    [Fact]
    public async Task Ask_WhileIndexRuns_AnswersFromTheIndexAsItIsWithoutSyncing()
    {
        // Arrange: an indexed sample folder, then new notes that a running index is working through.
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);
        (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(0);
        AddNotes(folder);
        using CliProcess indexer = await StartIndexAsync(root, folder);
        await WaitUntilFilesLeftRecordedAsync(folder, indexer);

        // Act
        var stopwatch = Stopwatch.StartNew();
        CliResult ask = await CliProcess.RunAsync(root.Path, ["ask", Question, "--folder", folder, "--json"]);
        TimeSpan askTime = stopwatch.Elapsed;
        bool indexerStillRunning = !indexer.HasExited;
        CliResult indexed = await indexer.WaitAsync(s_indexTimeout);

        // Assert: the answer came from the existing index, and the indexer still found every note to add (ask synced none).
        Assert.True(indexerStillRunning, $"The index finished before the question was answered ({askTime}); the test proves nothing.");
        Assert.Contains("25 days", ask.AssertExitCode(0).Json().GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Contains($"being updated by pid {indexer.Id}", ask.StandardError, StringComparison.Ordinal);
        Match behind = Regex.Match(ask.StandardError, @"answering from it as it is: (\d+) files? (?:is|are) not indexed yet\.");
        Assert.True(behind.Success, $"The note does not say how many files are left: {ask.StandardError}");
        Assert.InRange(int.Parse(behind.Groups[1].Value, CultureInfo.InvariantCulture), 1, ExtraNotes);
        Assert.Equal(ExtraNotes, indexed.AssertExitCode(0).Json().GetProperty("added").GetArrayLength());
    }

    [Fact]
    public async Task Index_LockLeftByAProcessThatIsGone_TakesItOver()
    {
        // Arrange: the lock record of a process that has exited, as a killed index leaves it.
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);
        int deadPid = await ExitedProcessIdAsync();
        Directory.CreateDirectory(Path.Combine(folder, ".rag"));
        await File.WriteAllTextAsync(Path.Combine(folder, ".rag", "index.db.lock"), string.Empty, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(LockRecord(folder), $$"""{"pid":{{deadPid}},"since":"2026-01-01T00:00:00+00:00"}""", TestContext.Current.CancellationToken);

        // Act
        CliResult result = await CliProcess.RunAsync(root.Path, ["index", folder, "--json"]);

        // Assert
        Assert.Equal(SampleDocs.Files.Count, result.AssertExitCode(0).Json().GetProperty("added").GetArrayLength());
        Assert.DoesNotContain(deadPid.ToString(CultureInfo.InvariantCulture), await File.ReadAllTextAsync(LockRecord(folder), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static string LockRecord(string folder) => Path.Combine(folder, ".rag", "index.db.lock.json");

    private static string CopyWithNotes(TemporaryDirectory root)
    {
        string folder = SampleDocs.CopyTo(root);
        AddNotes(folder);
        return folder;
    }

    private static void AddNotes(string folder)
    {
        string[] words = ["policy", "office", "travel", "expense", "laptop", "security", "remote", "budget", "training", "manager", "invoice", "desk"];
        for (int i = 0; i < ExtraNotes; i++)
        {
            IEnumerable<string> text = Enumerable.Range(0, 400).Select(j => words[((i * 7) + (j * 5) + (j / 3)) % words.Length]);
            File.WriteAllText(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"note-{i:000}.md")), string.Create(CultureInfo.InvariantCulture, $"# Note {i}\n\n{string.Join(' ', text)}\n"));
        }
    }

    /// <summary>Starts <c>index --json</c> and returns once it holds the folder's write lock.</summary>
    private static async Task<CliProcess> StartIndexAsync(TemporaryDirectory root, string folder)
    {
        CliProcess indexer = CliProcess.Start(root.Path, ["index", folder, "--json"]);
        try
        {
            await WaitUntilLockHeldByAsync(folder, indexer);
            return indexer;
        }
        catch
        {
            indexer.Dispose();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="holder"/> has recorded itself as the holder of the folder's write lock.</summary>
    private static async Task WaitUntilLockHeldByAsync(string folder, CliProcess holder)
    {
        string expected = $"\"pid\":{holder.Id.ToString(CultureInfo.InvariantCulture)},";
        var stopwatch = Stopwatch.StartNew();
        while (!(File.Exists(LockRecord(folder)) && (await File.ReadAllTextAsync(LockRecord(folder), TestContext.Current.CancellationToken)).Contains(expected, StringComparison.Ordinal)))
        {
            Assert.False(holder.HasExited, "The index process exited before taking the lock.");
            Assert.True(stopwatch.Elapsed < TimeSpan.FromMinutes(1), "The index process did not take the lock within a minute.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="holder"/> has recorded how many files its sync has left (it is past its folder scan).</summary>
    private static async Task WaitUntilFilesLeftRecordedAsync(string folder, CliProcess holder)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!Regex.IsMatch(await File.ReadAllTextAsync(LockRecord(folder), TestContext.Current.CancellationToken), "\"filesLeft\":[1-9]"))
        {
            Assert.False(holder.HasExited, "The index process exited before recording its files left.");
            Assert.True(stopwatch.Elapsed < TimeSpan.FromMinutes(1), "The index process did not record its files left within a minute.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<int> ExitedProcessIdAsync()
    {
        using Process process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false }) ?? throw new InvalidOperationException("'true' did not start.");
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return process.Id;
    }
}
