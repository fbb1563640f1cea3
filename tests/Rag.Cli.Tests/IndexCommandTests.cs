// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary><c>index</c>: the first full run, an unchanged re-run, and a re-run after an edit and a delete.</summary>
public sealed class IndexCommandTests(IndexedSampleDocsFixture docs)
{
    [Fact]
    public void Index_FreshCopy_AddsEveryFileAndExitsZero()
    {
        JsonElement json = docs.InitialIndex.AssertExitCode(0).Json();

        Assert.Equal(SampleDocs.Files, json.GetProperty("added").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.Empty(json.GetProperty("failed").EnumerateArray());
        Assert.Empty(json.GetProperty("changed").EnumerateArray());
        Assert.True(json.GetProperty("chunksEmbedded").GetInt32() >= SampleDocs.Files.Count);
        Assert.Equal(docs.IndexPath, json.GetProperty("index").GetString());
        Assert.True(File.Exists(docs.IndexPath));
    }

    [Fact]
    public async Task Index_UnchangedFolder_PrintsSummaryWithNothingToDo()
    {
        CliResult result = (await docs.RunAsync("index", docs.Folder)).AssertExitCode(0);

        Assert.Matches(@"Unchanged\s+7\b", result.StandardOutput);
        Assert.Matches(@"Added\s+0\b", result.StandardOutput);
        Assert.Matches(@"Chunks embedded\s+0\b", result.StandardOutput);
    }

    [Fact]
    public async Task Index_AfterEditAndDelete_ReprocessesOnlyThoseFilesAndForgetsTheDeletedOne()
    {
        // Arrange: an own copy, since this test changes the folder.
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);
        (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(0);
        string before = (await CliProcess.RunAsync(root.Path, ["ask", "How many desks are there in Eindhoven?", "--folder", folder, "--json"])).AssertExitCode(0).Json().GetProperty("answer").GetString()!;
        Assert.Contains("110", before, StringComparison.Ordinal);

        string timeOff = Path.Combine(folder, "handbook", "time-off.md");
        await File.WriteAllTextAsync(timeOff, (await File.ReadAllTextAsync(timeOff, TestContext.Current.CancellationToken)).Replace("New employees get 25 days", "New employees get 27 days", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        File.Delete(Path.Combine(folder, "offices.csv"));

        // Act
        JsonElement sync = (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(0).Json();
        JsonElement vacation = (await CliProcess.RunAsync(root.Path, ["ask", "How many vacation days do new employees get?", "--folder", folder, "--json"])).AssertExitCode(0).Json();
        JsonElement desks = (await CliProcess.RunAsync(root.Path, ["ask", "How many desks are there in Eindhoven?", "--folder", folder, "--json"])).AssertExitCode(0).Json();

        // Assert
        Assert.Equal(["handbook/time-off.md"], sync.GetProperty("changed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["offices.csv"], sync.GetProperty("deleted").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(sync.GetProperty("added").EnumerateArray());
        Assert.Empty(sync.GetProperty("renamed").EnumerateArray());
        Assert.Equal(SampleDocs.Files.Count - 2, sync.GetProperty("unchanged").GetInt32());

        Assert.Contains("27 days", vacation.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("25 days", vacation.GetProperty("answer").GetString(), StringComparison.Ordinal);

        Assert.DoesNotContain("110", desks.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(desks.GetProperty("citations").EnumerateArray(), c => c.GetProperty("path").GetString() == "offices.csv");
    }

    [Fact]
    public async Task IndexAndAsk_SubfolderEmptiedLikeAnUnmountedShare_KeepTheIndexUntilMassDeleteIsAllowed()
    {
        // Arrange: 'handbook/' (three files) stays as an empty folder, as an unmounted share leaves its mount point.
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);
        (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(0);
        foreach (string file in Directory.GetFiles(Path.Combine(folder, "handbook")))
        {
            File.Delete(file);
        }

        // Act
        CliResult refused = await CliProcess.RunAsync(root.Path, ["index", folder]);
        JsonElement ask = (await CliProcess.RunAsync(root.Path, ["ask", "How many vacation days do new employees get?", "--folder", folder, "--json"])).AssertExitCode(0).Json();
        JsonElement status = (await CliProcess.RunAsync(root.Path, ["status", "--folder", folder, "--json"])).AssertExitCode(0).Json();
        JsonElement allowed = (await CliProcess.RunAsync(root.Path, ["index", folder, "--allow-mass-delete", "--json"])).AssertExitCode(0).Json();

        // Assert
        refused.AssertExitCode(1);
        Assert.Contains("'handbook/'", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("--allow-mass-delete", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains(ask.GetProperty("citations").EnumerateArray(), c => c.GetProperty("path").GetString() == "handbook/time-off.md");
        Assert.Equal(SampleDocs.Files.Count, status.GetProperty("documents").GetInt32());
        Assert.Equal(["handbook/expenses.md", "handbook/remote-work.md", "handbook/time-off.md"], allowed.GetProperty("deleted").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Index_CustomOnnxEmbeddingModel_ReadsTheVocabularyBesideIt()
    {
        // The built-in MiniLM files beside rag-cli.dll, used as a user's own model file (vocab.txt sits beside it).
        string modelPath = CliProcess.BuiltInModelFile("MiniLM", "model.onnx");
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);
        string lonelyModel = root.WriteFile("lonely/model.onnx", "not read: the missing vocabulary is reported first");

        JsonElement index = (await CliProcess.RunAsync(root.Path, ["index", folder, "--embedding-model", modelPath, "--json"])).AssertExitCode(0).Json();
        JsonElement search = (await CliProcess.RunAsync(root.Path, ["search", "parental leave weeks", "--folder", folder, "--embedding-model", modelPath, "--json", "--top", "3"])).AssertExitCode(0).Json();
        CliResult noVocabulary = (await CliProcess.RunAsync(root.Path, ["search", "parental leave weeks", "--folder", folder, "--embedding-model", lonelyModel])).AssertExitCode(5);

        Assert.Empty(index.GetProperty("failed").EnumerateArray());
        Assert.Equal("handbook/time-off.md", search.GetProperty("results")[0].GetProperty("path").GetString());
        Assert.Contains("vocab.txt", noVocabulary.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_NoEmbeddingModelConfigured_UsesTheModelTheIndexWasBuiltWith()
    {
        // An index built with a non-default built-in model keeps working when no model is named (for example after the
        // default changed); naming another model is still refused with the re-embed hint.
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);
        (await CliProcess.RunAsync(root.Path, ["index", folder, "--embedding-model", "arctic-xs", "--json"])).AssertExitCode(0);

        JsonElement status = (await CliProcess.RunAsync(root.Path, ["status", "--folder", folder, "--json"])).AssertExitCode(0).Json();
        JsonElement search = (await CliProcess.RunAsync(root.Path, ["search", "parental leave weeks", "--folder", folder, "--json", "--top", "3"])).AssertExitCode(0).Json();
        CliResult other = await CliProcess.RunAsync(root.Path, ["search", "parental leave weeks", "--folder", folder, "--embedding-model", "minilm"]);

        Assert.Equal("snowflake-arctic-embed-xs-int8", status.GetProperty("embeddingModel").GetProperty("modelId").GetString());
        Assert.Equal("handbook/time-off.md", search.GetProperty("results")[0].GetProperty("path").GetString());
        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains("--reembed", other.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_EnsembleEmbeddingModel_StoresTheCombinedModelAndSearchesWithIt()
    {
        // Arrange
        using var root = new TemporaryDirectory();
        string folder = SampleDocs.CopyTo(root);

        // Act
        JsonElement index = (await CliProcess.RunAsync(root.Path, ["index", folder, "--embedding-model", "arctic+minilm", "--json"])).AssertExitCode(0).Json();
        JsonElement status = (await CliProcess.RunAsync(root.Path, ["status", "--folder", folder, "--embedding-model", "arctic+minilm", "--json"])).AssertExitCode(0).Json();
        JsonElement search = (await CliProcess.RunAsync(root.Path, ["search", "parental leave weeks", "--folder", folder, "--embedding-model", "ensemble", "--json", "--top", "3"])).AssertExitCode(0).Json();

        // Assert
        Assert.Empty(index.GetProperty("failed").EnumerateArray());
        JsonElement model = status.GetProperty("embeddingModel");
        Assert.Equal("snowflake-arctic-embed-xs-int8+all-MiniLM-L6-v2", model.GetProperty("modelId").GetString());
        Assert.Equal(768, model.GetProperty("dimensions").GetInt32());
        Assert.Equal("handbook/time-off.md", search.GetProperty("results")[0].GetProperty("path").GetString());
    }
}
