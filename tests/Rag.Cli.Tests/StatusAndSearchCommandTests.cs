// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;

namespace Rag.Cli.Tests;

/// <summary><c>status</c> and <c>search</c> with <c>--json</c>, for scripts.</summary>
public sealed class StatusAndSearchCommandTests(IndexedSampleDocsFixture docs)
{
    [Fact]
    public async Task Status_Json_ListsEveryIndexedFileAndTheEmbeddingModel()
    {
        JsonElement json = (await docs.RunAsync("status", "--folder", docs.Folder, "--json")).AssertExitCode(0).Json();

        Assert.Equal(docs.IndexPath, json.GetProperty("index").GetString());
        Assert.Equal(SampleDocs.Files.Count, json.GetProperty("documents").GetInt32());
        Assert.Empty(json.GetProperty("failed").EnumerateArray());
        JsonElement[] files = [.. json.GetProperty("files").EnumerateArray()];
        Assert.Equal(SampleDocs.Files, files.Select(f => f.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal("indexed", f.GetProperty("status").GetString()));
        Assert.All(files, f => Assert.True(f.GetProperty("chunks").GetInt32() > 0));
        Assert.Equal(files.Sum(f => f.GetProperty("chunks").GetInt32()), json.GetProperty("chunks").GetInt32());
        JsonElement model = json.GetProperty("embeddingModel");
        Assert.Equal("all-MiniLM-L6-v2", model.GetProperty("modelId").GetString());
        Assert.True(model.GetProperty("dimensions").GetInt32() > 0);
    }

    [Fact]
    public async Task Search_Json_RanksTheRelevantPassageFirst()
    {
        JsonElement json = (await docs.RunAsync("search", "parental leave weeks", "--folder", docs.Folder, "--json", "--top", "3")).AssertExitCode(0).Json();

        Assert.Equal("parental leave weeks", json.GetProperty("query").GetString());
        JsonElement[] results = [.. json.GetProperty("results").EnumerateArray()];
        Assert.InRange(results.Length, 1, 3);
        Assert.Equal("handbook/time-off.md", results[0].GetProperty("path").GetString());
        Assert.Contains("16 weeks", results[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal([1, .. Enumerable.Range(2, results.Length - 1)], results.Select(r => r.GetProperty("number").GetInt32()));
        double[] scores = [.. results.Select(r => r.GetProperty("score").GetDouble())];
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Fact]
    public async Task Search_PathFilter_OnlyReturnsThatFolder()
    {
        JsonElement json = (await docs.RunAsync("search", "security", "--folder", docs.Folder, "--json", "--path", "handbook/")).AssertExitCode(0).Json();

        Assert.All(json.GetProperty("results").EnumerateArray(), r => Assert.StartsWith("handbook/", r.GetProperty("path").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_PipedOutput_IsNotWrappedAt80Columns()
    {
        CliResult result = (await docs.RunAsync("search", "parental leave weeks", "--folder", docs.Folder, "--no-sync")).AssertExitCode(0);

        // A passage stays on one line for the program reading the pipe (a terminal would wrap it at its own width).
        Assert.Contains(result.StandardOutput.Split('\n'), line => line.Length > 120 && line.Contains("16 weeks", StringComparison.Ordinal));
    }
}
