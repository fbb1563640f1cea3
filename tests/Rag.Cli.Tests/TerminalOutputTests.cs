// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>
/// Escape sequences inside documents must not reach the terminal: human output shows them, JSON keeps them escaped.
/// In a narrow terminal entries wrap at words with a hanging indent.
/// </summary>
public sealed partial class TerminalOutputTests(IndexedSampleDocsFixture docs) : IClassFixture<IndexedSampleDocsFixture>
{
    private const int Columns = 48;

    private const string Hostile = "Budget \u001b[2J\u001b]0;pwned\u0007 approved \u009b31m in March.";

    [Fact]
    public async Task Search_DocumentWithEscapeSequences_PrintsThemVisibleAndJsonKeepsThem()
    {
        // Arrange
        using var root = new TemporaryDirectory();
        root.WriteFile("docs/notes.md", $"# Notes\n\n{Hostile}\n");
        string folder = Path.Combine(root.Path, "docs");

        // Act
        CliResult human = (await CliProcess.RunAsync(root.Path, ["search", "budget approved", "--folder", folder])).AssertExitCode(0);
        JsonElement json = (await CliProcess.RunAsync(root.Path, ["search", "budget approved", "--folder", folder, "--json"])).AssertExitCode(0).Json();

        // Assert
        Assert.DoesNotContain(human.StandardOutput, c => c is '\u001b' or '\u0007' or '\u009b');
        Assert.Contains(@"\x1b[2J\x1b]0;pwned\x07", human.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(@"\x9b31m", human.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(Hostile, json.GetProperty("results")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAndAsk_NarrowTerminal_WrapAtWordsWithAHangingIndent()
    {
        string search = await RunInTerminalAsync("search", "parental leave weeks for new parents", "--folder", docs.Folder, "--top", "2", "--no-sync");
        string ask = await RunInTerminalAsync("ask", "How many weeks of parental leave do birthing parents get?", "--folder", docs.Folder, "--no-sync");

        AssertHangingIndent(search, "1. handbook/time-off.md", indent: 3);
        AssertHangingIndent(ask, "[1] handbook/time-off.md", indent: 4);
    }

    /// <summary>Every line fits; the entry's first line names the file whole; its wrapped lines start under the file name.</summary>
    private static void AssertHangingIndent(string output, string firstLine, int indent)
    {
        string[] lines = [.. output.Split('\n').Select(l => l.TrimEnd('\r', ' '))];
        Assert.All(lines, l => Assert.True(l.Length <= Columns, $"'{l}' is wider than {Columns} columns.\n{output}"));
        int first = Array.FindIndex(lines, l => l.StartsWith(firstLine, StringComparison.Ordinal));
        Assert.True(first >= 0, $"No line starts with '{firstLine}'.\n{output}");
        string[] continuation = [.. lines.Skip(first + 1).TakeWhile(l => l.Length > 0 && !l.StartsWith("Extractive", StringComparison.Ordinal))];
        Assert.True(continuation.Length >= 3, $"The entry did not wrap.\n{output}");
        Assert.All(continuation, l => Assert.True(l.StartsWith(new string(' ', indent), StringComparison.Ordinal) && l[indent] != ' ', $"'{l}' is not indented by {indent}.\n{output}"));
    }

    /// <summary>Runs the CLI in a pseudo-terminal of <see cref="Columns"/> columns (util-linux <c>script</c>) and returns what it showed, escape codes removed.</summary>
    private async Task<string> RunInTerminalAsync(params string[] arguments)
    {
        string script = TestEnvironment.RequireResource("/usr/bin/script");
        string command = $"stty cols {Columns} rows 60; exec dotnet {Quote(CliProcess.CliPath)} {string.Join(' ', arguments.Select(Quote))}";
        var info = new ProcessStartInfo(script, ["-qec", command, "/dev/null"])
        {
            WorkingDirectory = docs.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(info)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, process.ExitCode);
        return AnsiSequence().Replace(await output, string.Empty);
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07|[=>])")]
    private static partial Regex AnsiSequence();
}
