// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.AspNetCore.Http.HttpResults;
using Rag.WebApi.Ingestion;

namespace Rag.WebApi.Endpoints;

/// <summary>POST /api/ingestion starts a sync of the configured folder; GET /api/ingestion reports its state.</summary>
internal static class IngestionEndpoints
{
    public static RouteGroupBuilder MapIngestionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/ingestion", Start).WithName("StartIngestion").WithSummary("Queues a sync of the documents folder (new, changed, renamed and deleted files).");
        api.MapGet("/ingestion", (IngestionQueue queue) => TypedResults.Ok(queue.Status)).WithName("IngestionStatus").WithSummary("Reports background ingestion.")
            .DisableRateLimiting(); // cheap, and polled by the page while a large upload is indexed
        return api;
    }

    private static Accepted<IngestionStatus> Start(IngestionQueue queue)
    {
        queue.Enqueue();
        return TypedResults.Accepted("/api/ingestion", queue.Status);
    }
}
