// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.OpenAICompatible;

/// <summary>
/// The OpenAI-compatible model server: <c>POST /v1/chat/completions</c>, <c>POST /v1/embeddings</c> and
/// <c>GET /v1/models</c> on this node's local models, so app nodes without a GPU use them through any OpenAI client
/// (Rag.Connectors.OpenAI's <c>UseOpenAIChat</c> / <c>UseOpenAIEmbeddings</c>).
/// </summary>
internal static class OpenAIEndpoints
{
    public const string Prefix = "/v1";

    public static IEndpointRouteBuilder MapOpenAIEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder v1 = app.MapGroup(Prefix).WithTags("OpenAI-compatible").AddEndpointFilter<OpenAIServerErrorFilter>();
        v1.MapPost("/chat/completions", ChatCompletionsEndpoint.HandleAsync).WithName("ChatCompletions")
            .WithSummary("Generates a chat completion with the local chat model; 'stream: true' streams OpenAI chunks as Server-Sent Events.");
        v1.MapPost("/embeddings", EmbeddingsEndpoint.HandleAsync).WithName("Embeddings")
            .WithSummary("Embeds strings with the local embedding model.");
        v1.MapGet("/models", (LocalModels models) => Results.Json(
            new ModelList([.. models.Ids.Select(id => new ModelItem(id, 0, "rag"))]), OpenAIJson.Options)).WithName("Models")
            .WithSummary("Lists the models this node serves.");
        return app;
    }
}
