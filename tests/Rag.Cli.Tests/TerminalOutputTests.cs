// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>Escape sequences inside documents must not reach the terminal: human output shows them, JSON keeps them escaped.</summary>
public sealed class TerminalOutputTests
{
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
}
