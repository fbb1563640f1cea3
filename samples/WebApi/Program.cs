// Copyright (c) Rag contributors. Licensed under the MIT License.

// A private knowledge service: upload documents, search them, and ask questions answered with citations.
// Binds to loopback by default (appsettings.json "Urls"); set Knowledge:ApiKey to require an API key.

using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Rag.WebApi;
using Rag.WebApi.Endpoints;
using Rag.WebApi.Errors;
using Rag.WebApi.OpenAICompatible;
using Rag.WebApi.Security;
using Rag.WebApi.Telemetry;

// The app's own folder is the content root however it is started (dotnet run, dotnet path/to/Rag.WebApi.dll, a
// service manager): appsettings.json (Urls, AllowedHosts) and the chat page are always found.
WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddKnowledgeService(builder.Configuration);
builder.Services.AddKnowledgeTelemetry(builder.Configuration, builder.Environment);

WebApplication app = builder.Build();
KnowledgeServiceOptions knowledge = app.Services.GetRequiredService<IOptions<KnowledgeServiceOptions>>().Value;
app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages(context => ClientError.ForStatus(context.HttpContext).ExecuteAsync(context.HttpContext));
app.UseCors(KnowledgeServiceExtensions.CorsPolicy);
app.UseRateLimiter();
app.UseWhen(
    context => context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments(OpenAIEndpoints.Prefix),
    api => api.UseMiddleware<CrossSiteWriteMiddleware>().UseMiddleware<ApiKeyMiddleware>());
app.UseDefaultFiles();
app.UseStaticFiles();

app.MapOpenApi();
app.MapHealthChecks("/health");

RouteGroupBuilder api = app.MapGroup("/api")
    .RequireRateLimiting(KnowledgeServiceExtensions.RateLimitPolicy)
    .WithMetadata(new RequestSizeLimitAttribute(knowledge.MaxRequestBodyBytes)) // uploads raise it to MaxUploadBytes
    .WithTags("Knowledge");
api.MapGet("/info", (IServiceProvider services) => TypedResults.Ok(ServiceInfo.From(services))).WithName("Info");
api.MapAskEndpoints();
api.MapSearchEndpoints();
api.MapDocumentEndpoints(knowledge.MaxUploadBytes);
api.MapIngestionEndpoints();

// The model server for other nodes (opt-in): rate-limited per key rather than per client, since a few app nodes send all
// the traffic (Knowledge:ModelRequestsPerMinute); the chat model's own queue (Knowledge:LlamaSharp:MaxQueuedRequests)
// bounds the load.
if (knowledge.ServeModels)
{
    app.MapOpenAIEndpoints(knowledge.MaxRequestBodyBytes);
}

if (string.IsNullOrEmpty(knowledge.ApiKey))
{
    SecurityLog.RunningWithoutApiKey(app.Logger, knowledge.ServeModels ? " and use its models at /v1" : string.Empty);
}

app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
