// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Cli.Tests;

/// <summary>A query with another embedding model than the index was built with fails plainly instead of answering "not found".</summary>
public sealed class EmbeddingModelMismatchTests(IndexedSampleDocsFixture docs)
{
    [Theory]
    [InlineData("ask", "How many vacation days do new employees get?")]
    [InlineData("search", "vacation days")]
    public async Task Query_NoSyncWithAnotherModelOfSameDimensions_ExitsIndexUnavailable(string command, string query)
    {
        // The fixture's index holds the default MiniLM (384-d); arctic-xs is 384-d too, so only the identity tells them apart.
        CliResult result = (await docs.RunAsync(command, query, "--folder", docs.Folder, "--no-sync", "--embedding-model", "arctic-xs")).AssertExitCode(4);

        string error = string.Concat(result.StandardError.Where(c => !char.IsWhiteSpace(c))); // the console may wrap anywhere
        Assert.Contains("'all-MiniLM-L6-v2'", error, StringComparison.Ordinal);
        Assert.Contains("'snowflake-arctic-embed-xs-int8'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("do not contain an answer", result.StandardOutput, StringComparison.Ordinal);
    }
}
