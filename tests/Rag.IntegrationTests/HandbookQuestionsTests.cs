// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Rag.TestUtilities;

namespace Rag.IntegrationTests;

/// <summary>
/// Extractive answers (the embedded default: no chat model) over a small real corpus with the real ONNX model and SQLite
/// store: the answer must contain the expected fact and cite the right file for at least 9 of 10 questions.
/// </summary>
public sealed class HandbookQuestionsTests
{
    private static readonly string s_folder = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Rag.Tests", "TestData", "handbook");

    // The folder also holds questions.json, which must not become part of the corpus.
    private static readonly IngestionOptions s_markdownOnly = new() { Include = ["**/*.md"] };

    [Fact]
    public async Task AskAsync_HandbookQuestions_AtLeastNineOfTenAnsweredWithCitation()
    {
        // Arrange
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using var local = new LocalKnowledgeBase();
        FolderSyncResult sync = await local.Ingestor.SyncFolderAsync(s_folder, s_markdownOnly, cancellationToken: ct);
        Assert.Empty(sync.Failed);
        using JsonDocument questions = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(s_folder, "questions.json"), ct));

        // Act
        var failures = new List<string>();
        int total = 0;
        foreach (JsonElement item in questions.RootElement.GetProperty("questions").EnumerateArray())
        {
            total++;
            string question = item.GetProperty("question").GetString()!;
            string fact = item.GetProperty("expectedFact").GetString()!;
            string path = item.GetProperty("expectedPath").GetString()!;
            Answer answer = await local.KnowledgeBase.AskAsync(question, cancellationToken: ct);
            bool answered = answer.IsExtractive
                && answer.Text.Contains(fact, StringComparison.OrdinalIgnoreCase)
                && answer.Citations.Any(c => c.Source.Path == path && c.Snippet.Contains(fact, StringComparison.OrdinalIgnoreCase));
            if (!answered)
            {
                failures.Add($"{question} => {answer.Text}");
            }
        }

        // Assert
        TestContext.Current.SendDiagnosticMessage($"Handbook: {total - failures.Count}/{total} answered with the expected fact and citation.");
        Assert.Equal(10, total);
        Assert.True(failures.Count <= 1, "More than one question missed:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task AskAsync_OutOfScopeQuestions_AreNotFound()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using var local = new LocalKnowledgeBase();
        await local.Ingestor.SyncFolderAsync(s_folder, s_markdownOnly, cancellationToken: ct);
        using JsonDocument questions = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(s_folder, "questions.json"), ct));

        foreach (JsonElement item in questions.RootElement.GetProperty("outOfScope").EnumerateArray())
        {
            Answer answer = await local.KnowledgeBase.AskAsync(item.GetProperty("question").GetString()!, cancellationToken: ct);
            Assert.True(answer.NotFound, $"'{answer.Question}' should not be answered from the handbook, got: {answer.Text}");
            Assert.Empty(answer.Citations);
        }
    }
}
