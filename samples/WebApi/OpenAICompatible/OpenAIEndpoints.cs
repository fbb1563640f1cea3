// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.AspNetCore.Mvc;
using Rag.WebApi.Errors;

namespace Rag.WebApi.OpenAICompatible;

/// <summary>
/// The OpenAI-compatible model server: <c>POST /v1/chat/completions</c>, <c>POST /v1/embeddings</c> and
/// <c>GET /v1/models</c> on this node's local models, so app nodes without a GPU use them through any OpenAI client
/// (Rag.Connectors.OpenAI's <c>UseOpenAIChat</c> / <c>UseOpenAIEmbeddings</c>).
/// </summary>
/// <remarks>
/// Request bodies are limited to <c>Knowledge:MaxRequestBodyBytes</c> (413 beyond it, before the JSON is parsed), requests
/// to <c>Knowledge:ModelRequestsPerMinute</c> per key (429 with <c>Retry-After</c>), embedding inputs to
/// <c>Knowledge:MaxEmbeddingInputs</c> and output schemas to <c>Knowledge:MaxJsonSchemaCharacters</c> (400). Errors
/// are OpenAI error objects: the endpoints' own, the model's expected refusals (<see cref="ModelFailureFilter"/>), then
/// anything unexpected as a 500 <c>server_error</c> (<see cref="OpenAIServerErrorFilter"/>).
/// </remarks>
internal static class OpenAIEndpoints
{
    public const string Prefix = "/v1";

    public static IEndpointRouteBuilder MapOpenAIEndpoints(this IEndpointRouteBuilder app, long maxRequestBodyBytes)
    {
        RouteGroupBuilder v1 = app.MapGroup(Prefix).WithTags("OpenAI-compatible")
            .WithMetadata(new RequestSizeLimitAttribute(maxRequestBodyBytes))
            .RequireRateLimiting(KnowledgeServiceExtensions.ModelRateLimitPolicy)
            .AddEndpointFilter<OpenAIServerErrorFilter>()
            .AddEndpointFilter<ModelFailureFilter>();
        v1.MapPost("/chat/completions", ChatCompletionsEndpoint.HandleAsync).WithName("ChatCompletions")
            .WithSummary("Generates a chat completion with the local chat model; 'stream: true' streams OpenAI chunks as Server-Sent Events.");
        v1.MapPost("/embeddings", EmbeddingsEndpoint.HandleAsync).WithName("Embeddings")
            .WithSummary("Embeds strings with the local embedding model.");
        v1.MapGet("/models", (LocalModels models) => Results.Json(
            new ModelList([.. models.Ids.Select(id => new ModelItem(id, 0, "rag"))]), OpenAIJson.Options)).WithName("Models")
            .WithSummary("Lists the models this node serves.");
        v1.MapGet("/models/{id}", (string id, LocalModels models) => models.Ids.Contains(id, StringComparer.Ordinal)
            ? Results.Json(new ModelItem(id, 0, "rag"), OpenAIJson.Options)
            : OpenAIError.ModelNotFound(id, models.Ids).ToResult()).WithName("Model")
            .WithSummary("Describes one served model.");
        return app;
    }
}
