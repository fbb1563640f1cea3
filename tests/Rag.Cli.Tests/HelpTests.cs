// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Rag.Cli.Tests;

/// <summary><c>--help</c> is the newcomer's map: every command, with a description and an example.</summary>
public sealed class HelpTests(IndexedSampleDocsFixture docs)
{
    [Fact]
    public async Task Help_Root_ListsEveryCommandWithItsDescription()
    {
        CliResult result = (await docs.RunAsync("--help")).AssertExitCode(0);

        foreach (string command in new[] { "index", "ask", "chat", "search", "status", "model" })
        {
            Assert.Matches($@"(?m)^\s+{command}\b.*\S", result.StandardOutput);
        }

        Assert.Contains("rag-cli ask", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ask", "--model")]
    [InlineData("index", "--reembed")]
    [InlineData("model", "pull")]
    public async Task Help_Command_DescribesItsOptions(string command, string expected)
    {
        CliResult result = (await docs.RunAsync(command, "--help")).AssertExitCode(0);

        Assert.Contains(expected, result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsTheInformationalVersionOfTheCli()
    {
        string expected = FileVersionInfo.GetVersionInfo(CliProcess.CliPath).ProductVersion!;

        CliResult result = (await docs.RunAsync("--version")).AssertExitCode(0);

        Assert.False(string.IsNullOrWhiteSpace(expected));
        Assert.Equal(expected, result.StandardOutput.Trim());
    }

    [Fact]
    public async Task UnknownCommand_ExitsUsageError()
    {
        CliResult result = (await docs.RunAsync("frobnicate")).AssertExitCode(2);

        Assert.Contains("frobnicate", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }
}
