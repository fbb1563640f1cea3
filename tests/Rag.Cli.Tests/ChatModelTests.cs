// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.TestUtilities;

namespace Rag.Cli.Tests;

/// <summary>
/// <c>ask --model</c> end to end with the tiny real LLaMA model (stories260K, trained on children's stories): it checks
/// that tokens stream, the sources block or the no-citation warning follows, and the process exits cleanly — not wisdom.
/// </summary>
public sealed class ChatModelTests(IndexedSampleDocsFixture docs)
{
    private const int TrainedContextTokens = 2048;

    [Fact]
    public async Task Ask_TinyGgufModel_StreamsGeneratedTextThenCitationsAndExitsZero()
    {
        string model = TestEnvironment.RequireResource(TestEnvironment.TinyLlamaModelPath);

        CliResult result = (await docs.RunAsync("ask", "How many vacation days do new employees get?", "--folder", docs.Folder, "--model", model)).AssertExitCode(0);

        string output = result.StandardOutput;
        int sources = output.IndexOf("Sources", StringComparison.Ordinal);
        int warning = output.IndexOf("cites no source", StringComparison.Ordinal);
        int block = sources >= 0 ? sources : warning;
        Assert.True(block > 0, $"Neither a sources table nor the no-citation warning was printed.\n{result}");
        string generated = output[..block].Trim();
        Assert.True(generated.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 5, $"Too little generated text.\n{result}");
        Assert.DoesNotContain("Extractive answer", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_TinyGgufModelJson_ReportsAGeneratedAnswerWithUsage()
    {
        string model = TestEnvironment.RequireResource(TestEnvironment.TinyLlamaModelPath);

        CliResult result = (await docs.RunAsync("ask", "What is the yearly learning budget?", "--folder", docs.Folder, "--model", model, "--json")).AssertExitCode(0);

        var json = result.Json();
        Assert.False(json.GetProperty("extractive").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("answer").GetString()));
        Assert.True(json.GetProperty("usage").GetProperty("outputTokens").GetInt64() > 0);
        long input = json.GetProperty("usage").GetProperty("inputTokens").GetInt64();
        long output = json.GetProperty("usage").GetProperty("outputTokens").GetInt64();
        Assert.InRange(input, 1, TrainedContextTokens - 1);

        // The retrieved passages and the answer fit the model's trained context (2048 tokens for stories260K).
        Assert.True(input + output <= TrainedContextTokens, $"Prompt {input} + answer {output} tokens exceed the model's {TrainedContextTokens}-token context.");
    }
}
