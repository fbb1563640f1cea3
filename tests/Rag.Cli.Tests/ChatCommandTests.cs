// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;

namespace Rag.Cli.Tests;

/// <summary><c>chat</c> reading questions from piped standard input, as a script would drive it.</summary>
public sealed class ChatCommandTests(IndexedSampleDocsFixture docs)
{
    [Fact]
    public async Task Chat_PipedFollowUp_AnswersInTheContextOfTheFirstQuestion()
    {
        const string Input = "How many vacation days do new employees get?\nAnd after five years of service?\n";

        CliResult result = (await CliProcess.RunAsync(docs.WorkingDirectory, ["chat", "--folder", docs.Folder, "--json"], standardInput: Input)).AssertExitCode(0);

        // --json writes JSON Lines: each answer one object on one line.
        JsonElement[] answers = [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
        Assert.Equal(2, answers.Length);
        Assert.Contains("25 days", answers[0].GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Contains("28 days", answers[1].GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Contains(answers[1].GetProperty("citations").EnumerateArray(), c => c.GetProperty("path").GetString() == "handbook/time-off.md");
        Assert.NotEqual(answers[1].GetProperty("question").GetString(), answers[1].GetProperty("query").GetString());
    }

    [Fact]
    public async Task Chat_PipedQuestion_PrintsAnswerAndEndsAtEndOfInput()
    {
        CliResult result = (await CliProcess.RunAsync(docs.WorkingDirectory, ["chat", "--folder", docs.Folder], standardInput: "How long must passwords be?\n")).AssertExitCode(0);

        Assert.Contains("? How long must passwords be?", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("14 characters", result.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("it/security.html", result.StandardOutput, StringComparison.Ordinal);
    }
}
