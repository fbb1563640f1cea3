// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;

namespace Rag.Cli.Tests;

/// <summary><c>--trace</c> prints the time spent in each phase from the SDK's spans.</summary>
public sealed class TraceOptionTests(IndexedSampleDocsFixture docs)
{
    [Fact]
    public async Task Search_Trace_PrintsRetrievalPhasesAndSearchStepsOnStandardError()
    {
        CliResult result = (await docs.RunAsync("search", "vacation days", "--folder", docs.Folder, "--no-sync", "--trace")).AssertExitCode(0);

        // Each span once, in the order it started, indented under its parent: the store search's own steps under it.
        (string Span, int Depth)[] expected =
        [
            ("rag.retrieve", 0), ("rag.retrieve.embed", 1), ("rag.retrieve.search", 1),
            ("rag.retrieve.vector", 2), ("rag.retrieve.keyword", 2), ("rag.retrieve.fuse", 2), ("rag.retrieve.read", 2),
        ];
        MatchCollection lines = Regex.Matches(result.StandardError, @"^  ( *)(rag\.[a-z.]+)\s+(\d+)\s+\d+\.\d\s*$", RegexOptions.Multiline);
        Assert.Equal(expected, lines.Select(m => (m.Groups[2].Value, m.Groups[1].Length / 2)));
        Assert.All(lines, m => Assert.Equal("1", m.Groups[3].Value));

        Assert.DoesNotContain("Trace", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("search")]
    [InlineData("index")]
    [InlineData("status")]
    [InlineData("model", "list")]
    public async Task Help_OfEveryCommand_ListsTheTraceOption(params string[] command)
    {
        CliResult result = (await docs.RunAsync([.. command, "--help"])).AssertExitCode(0);

        Assert.Matches(new Regex(@"^\s*--trace\s+Print the time spent in each phase", RegexOptions.Multiline), result.StandardOutput);
    }

    [Fact]
    public async Task Search_WithoutTrace_PrintsNoTimings()
    {
        CliResult result = (await docs.RunAsync("search", "vacation days", "--folder", docs.Folder, "--no-sync")).AssertExitCode(0);

        Assert.DoesNotContain("rag.retrieve", result.StandardError, StringComparison.Ordinal);
    }
}
