// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Runtime.Versioning;
using System.Text.Json;

namespace Rag.Cli.Tests;

/// <summary>
/// Queries are readers: on a full disk or a read-only folder an intact index is still listed, searched and asked, and
/// only a command that must write fails, with a JSON error under <c>--json</c>.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class UnwritableIndexTests(IndexedSampleDocsFixture docs)
{
    private const string Question = "How many vacation days do new employees get?";

    [Fact]
    public async Task Status_UnwritableIndex_ListsTheIndex()
    {
        using UnwritableFolder copy = UnwritableFolder.Create(docs.Folder);

        JsonElement json = (await docs.RunAsync("status", "--folder", copy.Folder, "--json")).AssertExitCode(0).Json();

        Assert.Equal(SampleDocs.Files.Count, json.GetProperty("documents").GetInt32());
    }

    [Fact]
    public async Task SearchNoSync_UnwritableIndex_FindsThePassage()
    {
        using UnwritableFolder copy = UnwritableFolder.Create(docs.Folder);

        JsonElement json = (await docs.RunAsync("search", "parental leave weeks", "--folder", copy.Folder, "--no-sync", "--json")).AssertExitCode(0).Json();

        Assert.Equal("handbook/time-off.md", json.GetProperty("results")[0].GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("--no-sync")]
    [InlineData(null)]
    public async Task Ask_UnwritableIndex_AnswersFromTheIndexAsItIs(string? noSync)
    {
        using UnwritableFolder copy = UnwritableFolder.Create(docs.Folder);
        File.SetLastWriteTimeUtc(Path.Combine(copy.Folder, "offices.csv"), DateTime.UnixEpoch.AddYears(40)); // a change the query would sync, where allowed
        string[] arguments = ["ask", Question, "--folder", copy.Folder, "--json", .. noSync is null ? Array.Empty<string>() : [noSync]];

        CliResult result = (await docs.RunAsync(arguments)).AssertExitCode(0);

        Assert.Contains("25 days", result.Json().GetProperty("answer").GetString(), StringComparison.Ordinal);
        if (noSync is null)
        {
            Assert.Contains("answering from it as it is", result.StandardError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Index_UnwritableIndex_ExitsIndexUnavailableWithAJsonError()
    {
        using UnwritableFolder copy = UnwritableFolder.Create(docs.Folder);
        File.SetLastWriteTimeUtc(Path.Combine(copy.Folder, "offices.csv"), DateTime.UnixEpoch.AddYears(40)); // a change to write, where allowed

        CliResult result = (await docs.RunAsync("index", copy.Folder, "--json")).AssertExitCode(4);

        JsonElement error = result.Json().GetProperty("error");
        Assert.Equal("index_unavailable", error.GetProperty("code").GetString());
        Assert.Equal(4, error.GetProperty("exitCode").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()), copy.Fault);
    }
}
