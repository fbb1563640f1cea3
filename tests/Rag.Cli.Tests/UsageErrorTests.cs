// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;

namespace Rag.Cli.Tests;

/// <summary>Strict parsing: a mistyped flag, a missing subcommand or a bad value is a usage error (exit 2) in plain words.</summary>
public sealed class UsageErrorTests(IndexedSampleDocsFixture docs)
{
    private const string Question = "How many vacation days do new employees get?";

    [Theory]
    [InlineData("ask", "--modle", "--model")]
    [InlineData("index", "--reembedd", "--reembed")]
    [InlineData("search", "--jsn", "--json")]
    public async Task Command_MistypedOption_ExitsUsageSuggestingTheOption(string command, string typo, string meant)
    {
        string[] arguments = command == "index" ? ["index", docs.Folder, typo] : [command, Question, "--folder", docs.Folder, typo];

        CliResult result = (await docs.RunAsync(arguments)).AssertExitCode(2);

        Assert.Contains($"Unknown option '{typo}'. Did you mean '{meant}'?", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task Ask_UnknownOptionLikeNoOther_ExitsUsagePointingToHelp()
    {
        CliResult result = (await docs.RunAsync("ask", Question, "--folder", docs.Folder, "--xyzzy-plugh")).AssertExitCode(2);

        Assert.Contains("Unknown option '--xyzzy-plugh'", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("--help", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--top", "abc")]
    [InlineData("--top=abc", null)]
    public async Task Search_TopNotANumber_ExitsUsageNamingTheOption(string option, string? value)
    {
        string[] arguments = ["search", "vacation", "--folder", docs.Folder, option, .. value is null ? Array.Empty<string>() : [value]];

        CliResult result = (await docs.RunAsync(arguments)).AssertExitCode(2);

        Assert.Contains("'abc' is not a valid value for --top: it takes a whole number.", result.FlatStandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_NoSubcommand_ExitsUsageListingTheSubcommands()
    {
        CliResult result = (await docs.RunAsync("model")).AssertExitCode(2);

        Assert.Contains("list, pull, remove or quantize", result.FlatStandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_JsonError_IsAJsonObjectOnStandardOutputWithTheExitCode()
    {
        string empty = Path.Combine(docs.WorkingDirectory, "empty-for-json-error");
        Directory.CreateDirectory(empty);

        CliResult result = (await docs.RunAsync("status", "--folder", empty, "--json")).AssertExitCode(3);

        JsonElement error = result.Json().GetProperty("error");
        Assert.Equal("not_found", error.GetProperty("code").GetString());
        Assert.Equal(3, error.GetProperty("exitCode").GetInt32());
        Assert.Contains("index <folder>", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_UnknownOptionWithJson_IsAJsonUsageError()
    {
        CliResult result = (await docs.RunAsync("search", "vacation", "--folder", docs.Folder, "--json", "--topp", "3")).AssertExitCode(2);

        JsonElement error = result.Json().GetProperty("error");
        Assert.Equal("usage", error.GetProperty("code").GetString());
        Assert.Contains("Did you mean '--top'?", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
