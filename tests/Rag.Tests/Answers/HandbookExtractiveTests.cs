// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Rag.TestUtilities;

namespace Rag.Tests.Answers;

/// <summary>
/// Runs the handbook questions (TestData/handbook) through extractive answers with the deterministic hashing embeddings:
/// a check of the data file and of sentence selection. The real-model version (ONNX + SQLite) reuses the same files.
/// </summary>
public sealed class HandbookExtractiveTests
{
    [Fact]
    public async Task AskAsync_HandbookQuestionsExtractive_AnswersContainExpectedFact()
    {
        // Arrange: one chunk per "## " section, with its heading path, as a structure-aware chunker would produce.
        string folder = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Rag.Tests", "TestData", "handbook");
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        var store = new InMemoryKnowledgeStore();
        foreach (string file in Directory.GetFiles(folder, "*.md"))
        {
            string[] lines = await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken);
            string title = lines[0].TrimStart('#', ' ');
            List<(string Heading, string Text)> sections = [];
            foreach (string line in lines.Skip(1))
            {
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    sections.Add((line[3..], string.Empty));
                }
                else if (sections.Count > 0 && line.Length > 0)
                {
                    sections[^1] = (sections[^1].Heading, sections[^1].Text + line + "\n");
                }
            }

            foreach ((string heading, string text) in sections)
            {
                await TestCorpus.AddAsync(store, embeddings, $"{Path.GetFileName(file)}#{heading}", [text], [title, heading]);
            }
        }

        using JsonDocument questions = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "questions.json"), TestContext.Current.CancellationToken));
        var kb = new KnowledgeBase(store, embeddings, options: TestCorpus.Options(floor: 0.1));

        // Act
        var failures = new List<string>();
        int total = 0;
        foreach (JsonElement item in questions.RootElement.GetProperty("questions").EnumerateArray())
        {
            total++;
            string question = item.GetProperty("question").GetString()!;
            string fact = item.GetProperty("expectedFact").GetString()!;
            string path = item.GetProperty("expectedPath").GetString()!;
            Answer answer = await kb.AskAsync(question, cancellationToken: TestContext.Current.CancellationToken);
            bool ok = answer.IsExtractive
                && answer.Text.Contains(fact, StringComparison.OrdinalIgnoreCase)
                && answer.Citations.Any(c => c.Source.Path.StartsWith(path, StringComparison.Ordinal) && c.Snippet.Contains(fact, StringComparison.OrdinalIgnoreCase));
            if (!ok)
            {
                failures.Add($"{question} -> {answer.Text}");
            }
        }

        // Assert
        Assert.Equal(10, total);
        Assert.True(failures.Count <= 1, "Failed questions:\n" + string.Join('\n', failures));
    }
}
