// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary><c>index</c> says what happened: files it cannot index, and files still failed from an earlier run.</summary>
public sealed class IndexReportTests
{
    private const string Plan = "# Plan\n\nThe launch is in May.";

    [Fact]
    public async Task Index_OnlyUnsupportedFiles_SaysNoIndexableFilesAndCountsTheSkippedByExtension()
    {
        using var root = new TemporaryDirectory();
        string folder = WriteFolder(root, ("clip.mp4", "not really a video"), ("talk.MP4", "not really a video"), ("bundle.zip", "not really an archive"));

        CliResult text = (await CliProcess.RunAsync(root.Path, ["index", folder])).AssertExitCode(0);
        JsonElement json = (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(0).Json();

        Assert.Contains("No indexable files found (skipped: 2 .mp4, 1 .zip).", text.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(["bundle.zip", "clip.mp4", "talk.MP4"], json.GetProperty("unsupported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Index_SomeUnsupportedFiles_IndexesTheRestAndNamesTheSkippedTypes()
    {
        using var root = new TemporaryDirectory();
        string folder = WriteFolder(root, ("plan.md", Plan), ("bundle.zip", "not really an archive"));

        CliResult result = (await CliProcess.RunAsync(root.Path, ["index", folder])).AssertExitCode(0);

        Assert.Matches(@"Added\s+1\b", result.StandardOutput);
        Assert.Contains("skipped: 1 .zip", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("No indexable files", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IndexAndStatus_ReadmeAndBinaryWithoutExtension_ReadTheTextAndCountTheSkippedByType()
    {
        using var root = new TemporaryDirectory();
        string folder = WriteFolder(root, ("README", "Frobnicate turns widgets into frobs.\n"), ("clip.mp4", "not really a video"), ("talk.mp4", "not really a video"));
        File.WriteAllBytes(Path.Combine(folder, "frobnicate"), [0x7F, (byte)'E', (byte)'L', (byte)'F', 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]);

        CliResult index = (await CliProcess.RunAsync(root.Path, ["index", folder])).AssertExitCode(0);
        JsonElement indexJson = (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(0).Json();
        CliResult status = (await CliProcess.RunAsync(root.Path, ["status", "--folder", folder])).AssertExitCode(0);
        JsonElement statusJson = (await CliProcess.RunAsync(root.Path, ["status", "--folder", folder, "--json"])).AssertExitCode(0).Json();

        Assert.Matches(@"Added\s+1\b", index.StandardOutput);
        Assert.Contains("skipped: 2 .mp4, 1 without extension (not text)", index.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("3 (skipped: 2 .mp4, 1 without extension (not text))", status.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("README", status.FlatOutput, StringComparison.Ordinal);
        foreach (JsonElement json in new[] { indexJson, statusJson })
        {
            Assert.Equal(["clip.mp4", "frobnicate", "talk.mp4"], json.GetProperty("unsupported").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal([(".mp4", 2), ("", 1)], json.GetProperty("unsupportedByType").EnumerateArray().Select(e => (e.GetProperty("type").GetString(), e.GetProperty("count").GetInt32())));
        }
    }

    [Fact]
    public async Task IndexAndStatus_SymbolicLinks_AreNotFollowedButCountedAsSkipped()
    {
        using var root = new TemporaryDirectory();
        string folder = WriteFolder(root, ("plan.md", Plan), ("bundle.zip", "not really an archive"));
        File.CreateSymbolicLink(Path.Combine(folder, "LICENSE"), Path.Combine(folder, "plan.md"));
        File.CreateSymbolicLink(Path.Combine(folder, "gone.md"), Path.Combine(folder, "no-such-file.md"));

        CliResult index = (await CliProcess.RunAsync(root.Path, ["index", folder])).AssertExitCode(0);
        JsonElement indexJson = (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(0).Json();
        CliResult status = (await CliProcess.RunAsync(root.Path, ["status", "--folder", folder])).AssertExitCode(0);
        JsonElement statusJson = (await CliProcess.RunAsync(root.Path, ["status", "--folder", folder, "--json"])).AssertExitCode(0).Json();

        Assert.Matches(@"Added\s+1\b", index.StandardOutput);
        Assert.Contains("skipped: 1 .zip, 2 symbolic links (not followed)", index.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("3 (skipped: 1 .zip, 2 symbolic links (not followed))", status.FlatOutput, StringComparison.Ordinal);
        foreach (JsonElement json in new[] { indexJson, statusJson })
        {
            Assert.Equal(["LICENSE", "gone.md"], json.GetProperty("skippedLinks").EnumerateArray().Select(e => e.GetString()));
        }
    }

    [Fact]
    public async Task Index_FileFailedInAnEarlierRun_ExitsSixUntilItIsGoneAndStatusListsIt()
    {
        using var root = new TemporaryDirectory();
        string folder = WriteFolder(root, ("plan.md", Plan), ("broken.docx", "This text is no Word document."));

        JsonElement first = (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(6).Json();
        JsonElement second = (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(6).Json();
        CliResult secondText = (await CliProcess.RunAsync(root.Path, ["index", folder])).AssertExitCode(6);
        JsonElement status = (await CliProcess.RunAsync(root.Path, ["status", "--folder", folder, "--json"])).AssertExitCode(0).Json();
        CliResult statusText = (await CliProcess.RunAsync(root.Path, ["status", "--folder", folder])).AssertExitCode(0);
        File.Delete(Path.Combine(folder, "broken.docx"));
        JsonElement fixedRun = (await CliProcess.RunAsync(root.Path, ["index", folder, "--json"])).AssertExitCode(0).Json();

        Assert.Equal(["broken.docx"], first.GetProperty("failed").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        Assert.Empty(first.GetProperty("previouslyFailed").EnumerateArray());
        Assert.Empty(second.GetProperty("failed").EnumerateArray());
        Assert.Equal(["broken.docx"], second.GetProperty("previouslyFailed").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("1 files are still failed from an earlier run", secondText.FlatOutput, StringComparison.Ordinal);
        JsonElement failed = Assert.Single(status.GetProperty("failed").EnumerateArray());
        Assert.Equal("broken.docx", failed.GetProperty("path").GetString());
        string reason = failed.GetProperty("reason").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.Contains($"broken.docx: {reason}", statusText.FlatOutput, StringComparison.Ordinal);
        Assert.Empty(fixedRun.GetProperty("previouslyFailed").EnumerateArray());
    }

    /// <summary>Writes the files into the folder 'docs' under <paramref name="root"/>; returns that folder.</summary>
    private static string WriteFolder(TemporaryDirectory root, params (string Name, string Content)[] files)
    {
        foreach ((string name, string content) in files)
        {
            root.WriteFile("docs/" + name, content);
        }

        return Path.Combine(root.Path, "docs");
    }
}
