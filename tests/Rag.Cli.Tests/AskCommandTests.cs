// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;

namespace Rag.Cli.Tests;

/// <summary><c>ask</c> over the indexed sample handbook, without a chat model (extractive answers).</summary>
public sealed class AskCommandTests(IndexedSampleDocsFixture docs)
{
    private const string VacationQuestion = "How many vacation days do new employees get?";

    [Fact]
    public async Task Ask_ReadmeQuestion_PrintsFactAndCitationTable()
    {
        CliResult result = (await docs.RunAsync("ask", VacationQuestion, "--folder", docs.Folder)).AssertExitCode(0);

        Assert.Contains("25 days", result.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("Sources", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("handbook/time-off.md", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Vacation", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("model pull", result.FlatOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_Json_WritesAnswerWithCitations()
    {
        JsonElement json = (await docs.RunAsync("ask", VacationQuestion, "--folder", docs.Folder, "--json")).AssertExitCode(0).Json();

        Assert.Equal(VacationQuestion, json.GetProperty("question").GetString());
        Assert.Contains("25 days", json.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.False(json.GetProperty("notFound").GetBoolean());
        Assert.True(json.GetProperty("extractive").GetBoolean());
        Assert.True(json.GetProperty("hasValidCitations").GetBoolean());
        JsonElement citation = Assert.Single(json.GetProperty("citations").EnumerateArray(), c => c.GetProperty("path").GetString() == "handbook/time-off.md");
        Assert.True(citation.GetProperty("number").GetInt32() >= 1);
        Assert.Contains("25 days", citation.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.Equal(["Time Off Policy", "Vacation"], citation.GetProperty("headingPath").EnumerateArray().Select(h => h.GetString()));
        Assert.True(citation.GetProperty("startLine").GetInt32() <= citation.GetProperty("endLine").GetInt32());
        Assert.Contains($"[{citation.GetProperty("number").GetInt32()}]", json.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("What is the yearly learning budget?", "1,500 euros", "benefits.pdf", 2)]
    [InlineData("Is MFA required?", "Multi-factor authentication is mandatory", "it/security.html", null)]
    [InlineData("How long must passwords be?", "14 characters", "it/security.html", null)]
    [InlineData("Who will be my onboarding buddy?", "onboarding buddy from another team", "onboarding.docx", null)]
    [InlineData("How many desks are there in Eindhoven?", "Desks: 110", "offices.csv", null)]
    [InlineData("What is the daily meal allowance abroad?", "60 euros abroad", "handbook/expenses.md", null)]
    public async Task Ask_SampleQuestion_AnswersFactWithRightCitation(string question, string fact, string path, int? page)
    {
        JsonElement json = (await docs.RunAsync("ask", question, "--folder", docs.Folder, "--json")).AssertExitCode(0).Json();

        string answer = json.GetProperty("answer").GetString()!;
        Assert.Contains(fact, answer, StringComparison.Ordinal);
        JsonElement[] citations = [.. json.GetProperty("citations").EnumerateArray()];
        Assert.Contains(citations, c => c.GetProperty("path").GetString() == path && c.GetProperty("snippet").GetString()!.Contains(fact, StringComparison.Ordinal));
        if (page is not null)
        {
            Assert.Contains(citations, c => c.GetProperty("path").GetString() == path && c.TryGetProperty("page", out JsonElement p) && p.GetInt32() == page);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Ask_EmptyQuestion_ExitsWithUsageError(string question)
    {
        CliResult result = (await docs.RunAsync("ask", question, "--folder", docs.Folder)).AssertExitCode(2);

        Assert.Contains("question is empty", result.StandardError, StringComparison.Ordinal);
    }
}
