// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Rag.WebApi.Endpoints;

/// <summary>GET /api/search: ranked passages (hybrid vector + keyword search).</summary>
internal static class SearchEndpoints
{
    public static RouteGroupBuilder MapSearchEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/search", SearchAsync).WithName("Search").WithSummary("Searches the documents and returns ranked passages.");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<SourceDto>>, ProblemHttpResult>> SearchAsync(
        string q, int? top, string? path, string? type, KnowledgeBase knowledgeBase, IOptions<KnowledgeServiceOptions> options, CancellationToken cancellationToken)
    {
        int maxLength = options.Value.MaxQuestionLength;
        if (string.IsNullOrWhiteSpace(q) || q.Length > maxLength)
        {
            return TypedResults.Problem(title: "Invalid query", detail: $"The query parameter 'q' must hold 1 to {maxLength} characters.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (top is < 1 or > 50)
        {
            return TypedResults.Problem(title: "Invalid top", detail: "The query parameter 'top' must be between 1 and 50.", statusCode: StatusCodes.Status400BadRequest);
        }

        var search = new SearchOptions
        {
            Top = top,
            Filter = path is null && type is null ? null : new ChunkFilter { PathPrefix = path, FileTypes = type is null ? [] : [type.TrimStart('.').ToLowerInvariant()] },
        };
        IReadOnlyList<Source> results = await knowledgeBase.SearchAsync(q, search, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SourceDto>>([.. results.Select(SourceDto.From)]);
    }
}
