// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rag.Cli.Rendering;

/// <summary>
/// Writes the <c>--json</c> output: one JSON document on standard output, camelCase, nothing else on stdout; or, for a
/// stream of results such as <c>chat --json</c>, JSON Lines (one compact object per line).
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // for terminals and scripts, not HTML: quotes and accents stay readable
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly JsonSerializerOptions s_lineOptions = new(s_options) { WriteIndented = false };

    public static void Write(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, s_options));

    /// <summary>Writes one JSON Lines record: the object on a single line.</summary>
    public static void WriteLine(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, s_lineOptions));

    public static object Source(Source s) => new
    {
        number = s.Number,
        path = s.Path,
        title = s.Title,
        headingPath = s.HeadingPath,
        page = s.PageNumber,
        startLine = s.StartLine,
        endLine = s.EndLine,
        score = Math.Round(s.Score, 4),
        keywordOnly = s.IsKeywordOnly,
        text = s.Text,
    };

    public static object Answer(Answer a, TimeSpan elapsed) => new
    {
        question = a.Question,
        query = a.Query,
        answer = a.Text,
        notFound = a.NotFound,
        extractive = a.IsExtractive,
        hasValidCitations = a.HasValidCitations,
        citations = a.Citations.Select(c => new
        {
            number = c.Number,
            path = c.Source.Path,
            title = c.Source.Title,
            headingPath = c.Source.HeadingPath,
            page = c.Source.PageNumber,
            startLine = c.Source.StartLine,
            endLine = c.Source.EndLine,
            snippet = c.Snippet,
        }),
        removedCitations = a.RemovedCitations,
        usage = a.Usage is { } u ? new { inputTokens = u.InputTokenCount, outputTokens = u.OutputTokenCount } : null,
        elapsedMs = (long)elapsed.TotalMilliseconds,
    };
}
