// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;

namespace Rag.Cli.Tests;

/// <summary><c>--trace</c> prints the time spent in each phase from the SDK's spans.</summary>
public sealed class TraceOptionTests(IndexedSampleDocsFixture docs)
{
    [Fact]
    public async Task Search_Trace_PrintsRetrievalPhasesOnStandardError()
    {
        CliResult result = (await docs.RunAsync("search", "vacation days", "--folder", docs.Folder, "--no-sync", "--trace")).AssertExitCode(0);

        foreach (string span in new[] { "rag.retrieve", "rag.retrieve.embed", "rag.retrieve.search" })
        {
            Assert.Matches(new Regex(@"^\s*" + Regex.Escape(span) + @"\s+1\s+\d+\.\d\s*$", RegexOptions.Multiline), result.StandardError);
        }

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
