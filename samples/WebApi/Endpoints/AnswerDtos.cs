// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Endpoints;

/// <summary>A source passage as the API returns it.</summary>
public sealed record SourceDto(int Number, string DocumentId, string Path, string? Title, IReadOnlyList<string> HeadingPath, int? Page, int? StartLine, int? EndLine, double Score, string Snippet, string Text)
{
    public static SourceDto From(Source s) => new(s.Number, s.DocumentId, s.Path, s.Title, s.HeadingPath, s.PageNumber, s.StartLine, s.EndLine, Math.Round(s.Score, 4), s.Snippet, s.Text);
}

/// <summary>A citation: the marker number, the source and the supporting snippet.</summary>
public sealed record CitationDto(int Number, string Path, string? Title, IReadOnlyList<string> HeadingPath, int? Page, int? StartLine, int? EndLine, string Snippet)
{
    public static CitationDto From(Citation c) => new(c.Number, c.Source.Path, c.Source.Title, c.Source.HeadingPath, c.Source.PageNumber, c.Source.StartLine, c.Source.EndLine, c.Snippet);
}

/// <summary>A complete answer.</summary>
public sealed record AnswerDto(string Question, string Text, bool NotFound, bool IsExtractive, bool HasValidCitations, IReadOnlyList<CitationDto> Citations, IReadOnlyList<int> RemovedCitations, IReadOnlyList<SourceDto> Sources, long? InputTokens, long? OutputTokens)
{
    public static AnswerDto From(Answer a) => new(
        a.Question, a.Text, a.NotFound, a.IsExtractive, a.HasValidCitations,
        [.. a.Citations.Select(CitationDto.From)], a.RemovedCitations, [.. a.Sources.Select(SourceDto.From)],
        a.Usage?.InputTokenCount, a.Usage?.OutputTokenCount);
}

/// <summary>The "sources" event of the answer stream.</summary>
public sealed record SourcesEvent(IReadOnlyList<SourceDto> Sources);

/// <summary>The "delta" event of the answer stream.</summary>
public sealed record DeltaEvent(string Text);

/// <summary>The "error" event of the answer stream: the ProblemDetails of a refusal that came after the stream started.</summary>
public sealed record ErrorEvent(int Status, string Title, string Detail, string? Code);
