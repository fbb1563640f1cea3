// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Data.Sqlite;
using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>The error cases: a plain-words message on standard error and the documented exit code (ExitCodes.cs).</summary>
public sealed class ExitCodeTests(IndexedSampleDocsFixture docs)
{
    private const string Question = "How many vacation days do new employees get?";

    [Theory]
    [InlineData("index")]
    [InlineData("ask")]
    public async Task Command_FolderDoesNotExist_ExitsNotFound(string command)
    {
        string missing = Path.Combine(docs.WorkingDirectory, "no-such-folder");
        string[] arguments = command == "index" ? ["index", missing] : ["ask", Question, "--folder", missing];

        CliResult result = (await docs.RunAsync(arguments)).AssertExitCode(3);

        Assert.Contains("does not exist", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("no-such-folder", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_UnknownEmbeddingModel_ExitsModelErrorListingTheBuiltInModels()
    {
        CliResult result = (await docs.RunAsync("search", "vacation", "--folder", docs.Folder, "--embedding-model", "no-such-model")).AssertExitCode(5);

        Assert.Contains("'no-such-model'", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("minilm, arctic-xs, arctic+minilm", string.Join(' ', result.StandardError.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal); // the console wraps lines
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ModelPathDoesNotExist_ExitsModelError()
    {
        string missing = Path.Combine(docs.WorkingDirectory, "models", "missing.gguf");

        CliResult result = (await docs.RunAsync("ask", Question, "--folder", docs.Folder, "--model", missing)).AssertExitCode(5);

        Assert.Contains("missing.gguf", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("model pull", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ModelFileIsNotGguf_ExitsModelError()
    {
        using var temp = new TemporaryDirectory();
        string fake = temp.WriteFile("not-a-model.gguf", "This is a text file, not a GGUF model.");

        CliResult result = (await docs.RunAsync("ask", Question, "--folder", docs.Folder, "--model", fake)).AssertExitCode(5);

        Assert.Contains("not-a-model.gguf", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_SettingsFileIsNotJson_ExitsUsageError()
    {
        using var temp = new TemporaryDirectory();
        string settings = temp.WriteFile("rag.json", "{ \"folder\": ");

        CliResult result = (await docs.RunAsync("ask", Question, "--folder", docs.Folder, "--settings", settings)).AssertExitCode(2);

        Assert.Contains("not valid JSON", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("rag.json", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_AnotherProcessHoldsTheWriteLock_ExitsIndexUnavailable()
    {
        // Arrange: an own indexed copy with a pending edit, so the next index run must write.
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);
        (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(0);
        await File.AppendAllTextAsync(Path.Combine(folder, "handbook", "expenses.md"), "\nTaxi rides after 22:00 are reimbursed.\n", TestContext.Current.CancellationToken);
        string index = Path.Combine(folder, ".rag", "index.db");

        await using var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = index, Pooling = false }.ToString());
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        await using (SqliteCommand begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // Act
        CliResult result = await CliProcess.RunAsync(root.Path, ["index", folder], new Dictionary<string, string> { ["RAG_BUSY_TIMEOUT_MS"] = "200" });

        // Assert
        result.AssertExitCode(4);
        Assert.Contains("locked", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("index.db", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NoIndexYet_ExitsNotFound()
    {
        using var temp = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "empty"));

        CliResult result = (await CliProcess.RunAsync(temp.Path, ["status", "--folder", "empty"])).AssertExitCode(3);

        Assert.Contains("index <folder>", result.StandardError, StringComparison.Ordinal);
    }
}
