// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rag.Benchmarks.Answers;

/// <summary>A question the manuals answer: where the answer is (file and page, or sections) and the fact it must contain.</summary>
internal sealed partial record AnswerableQuestion(string Question, string File, int? Page, IReadOnlyList<string> Sections, IReadOnlyList<string> Facts)
{
    /// <summary>Gets whether a source is in the expected file and on the expected page, or under one of the expected sections.</summary>
    public bool IsAt(Source source) => IsAt(source.Path, source.PageNumber, source.HeadingPath);

    /// <summary>Gets whether a passage is in the expected file and on the expected page, or under one of the expected sections.</summary>
    public bool IsAt(string path, int? page, IReadOnlyList<string> headingPath) =>
        string.Equals(Path.GetFileName(path), File, StringComparison.Ordinal)
        && (Page is int expected ? page == expected : headingPath.Any(h => Sections.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase)));

    /// <summary>Gets whether a text holds one of the expected facts (compared in <see cref="Normalize"/>d form).</summary>
    public bool IsIn(string text)
    {
        string normalized = Normalize(text);
        return Facts.Any(f => normalized.Contains(Normalize(f), StringComparison.Ordinal));
    }

    /// <summary>Compatibility form for matching: NFKC (so the "ﬁ" ligature of PDF text is "fi"), straight quotes, one space, lower case.</summary>
    private static string Normalize(string text) =>
        WhitespaceRegex().Replace(text.Normalize(NormalizationForm.FormKC).Replace('’', '\'').Replace('‘', '\''), " ").ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}

/// <summary>The questions of one <c>questions*.json</c> file: answerable ones and out-of-corpus ones.</summary>
internal sealed record QuestionSet(IReadOnlyList<AnswerableQuestion> Answerable, IReadOnlyList<string> OutOfCorpus)
{
    /// <summary>Reads a question file.</summary>
    public static QuestionSet Load(string path)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(path));
        var answerable = new List<AnswerableQuestion>();
        foreach (JsonElement item in json.RootElement.GetProperty("answerable").EnumerateArray())
        {
            answerable.Add(new AnswerableQuestion(
                item.GetProperty("question").GetString()!,
                item.GetProperty("file").GetString()!,
                item.TryGetProperty("page", out JsonElement page) ? page.GetInt32() : null,
                item.TryGetProperty("sections", out JsonElement sections) ? [.. sections.EnumerateArray().Select(s => s.GetString()!)] : [],
                [.. item.GetProperty("facts").EnumerateArray().Select(f => f.GetString()!)]));
        }

        return new QuestionSet(answerable, [.. json.RootElement.GetProperty("outOfCorpus").EnumerateArray().Select(q => q.GetString()!)]);
    }
}
