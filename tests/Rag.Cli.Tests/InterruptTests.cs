// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>
/// Ctrl+C (SIGINT) in <c>chat</c> and <c>ask</c>, as a REPL handles it: at the prompt it clears the line and a second one at
/// an empty prompt quits; during an answer it stops that answer only; a stopped answer ends its line.
/// The tiny real model (stories260K) makes an answer last seconds, long enough to be interrupted.
/// </summary>
public sealed class InterruptTests(IndexedSampleDocsFixture docs)
{
    private const string Banner = "Ask about your documents.";
    private const string QuitHint = "(To quit, press Ctrl+C again";
    private const string Passwords = "How long must passwords be?";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Chat_CtrlCAtThePrompt_KeepsChattingAndASecondCtrlCAtAnEmptyPromptQuitsWithZero()
    {
        using CliProcess chat = CliProcess.StartInteractive(docs.WorkingDirectory, ["chat", "--folder", docs.Folder, "--no-sync"]);
        await chat.WaitForOutputAsync(Banner, s_timeout);

        await chat.InterruptAsync();
        await chat.WaitForOutputAsync(QuitHint, s_timeout);
        await chat.WriteInputAsync(Passwords + "\n");
        await chat.WaitForOutputAsync("it/security.html", s_timeout);
        await chat.InterruptAsync();
        await chat.WaitForOutputAsync(QuitHint, s_timeout, occurrences: 2);
        await chat.InterruptAsync();
        CliResult result = (await chat.WaitAsync(s_timeout)).AssertExitCode(0);

        Assert.Contains("14 characters", result.FlatOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancelled", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_CtrlCDuringAnAnswer_StopsThatAnswerAndAnswersTheNextQuestion()
    {
        string model = TestEnvironment.RequireResource(TestEnvironment.TinyLlamaModelPath);
        const string First = "How many vacation days do new employees get?";
        using CliProcess chat = CliProcess.StartInteractive(docs.WorkingDirectory, ["chat", "--folder", docs.Folder, "--no-sync", "--model", model]);
        await chat.WaitForOutputAsync(Banner, s_timeout);

        await chat.WriteInputAsync(First + "\n");
        await chat.WaitForOutputAsync("? " + First, s_timeout);
        await chat.InterruptAsync();
        await chat.WriteInputAsync(Passwords + "\n");
        await chat.WaitForOutputAsync("? " + Passwords, s_timeout);
        chat.CloseInput();
        CliResult result = (await chat.WaitAsync(s_timeout)).AssertExitCode(0);

        Assert.Contains("Answer stopped.", result.StandardError, StringComparison.Ordinal);
        string output = result.StandardOutput;
        int second = output.IndexOf("? " + Passwords, StringComparison.Ordinal);
        Assert.DoesNotMatch("Sources|cites no source", output[..second]);
        Assert.Matches("Sources|cites no source", output[second..]);
    }

    [Fact]
    public async Task Ask_CtrlCWhileStreaming_EndsTheStreamedLineAndSaysCancelled()
    {
        string model = TestEnvironment.RequireResource(TestEnvironment.TinyLlamaModelPath);
        using CliProcess ask = CliProcess.Start(docs.WorkingDirectory, ["ask", "How many vacation days do new employees get?", "--folder", docs.Folder, "--no-sync", "--model", model]);
        await ask.WaitForOutputAsync(" ", s_timeout);

        await ask.InterruptAsync();
        CliResult result = (await ask.WaitAsync(s_timeout)).AssertExitCode(130);

        Assert.EndsWith("\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("Error: Cancelled.", result.StandardError.Trim());
    }
}
