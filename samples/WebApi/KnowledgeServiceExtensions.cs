// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Rag.WebApi.Ingestion;

namespace Rag.WebApi;

/// <summary>Composes the knowledge service: the Rag SDK on embedded defaults, background ingestion and the security defaults.</summary>
internal static class KnowledgeServiceExtensions
{
    public const string RateLimitPolicy = "per-client";
    public const string CorsPolicy = "configured-origins";

    public static IServiceCollection AddKnowledgeService(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KnowledgeServiceOptions>().Bind(configuration.GetSection(KnowledgeServiceOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        KnowledgeServiceOptions options = configuration.GetSection(KnowledgeServiceOptions.SectionName).Get<KnowledgeServiceOptions>() ?? new();

        RagBuilder rag = services.AddRag()
            .UseOnnxEmbeddings()
            .UseSqliteStore(options.IndexPath)
            .UsePdfReader()
            .UseOpenXmlReader();
        if (options.ModelPath is { Length: > 0 } model)
        {
            rag.UseLlamaSharp(o => o.ModelPath = model);
        }

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IngestionQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestionQueue>());

        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHealthChecks();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<KnowledgeServiceOptions>>((kestrel, knowledge) =>
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(knowledge.Value.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(knowledge.Value.RequestBodyGracePeriodSeconds)));
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = options.MaxUploadBytes);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<KnowledgeServiceOptions>>().Value.RequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                }));
        });
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy =>
        {
            if (options.CorsOrigins.Length > 0)
            {
                policy.WithOrigins(options.CorsOrigins).AllowAnyHeader().WithMethods("GET", "POST", "DELETE");
            }
        }));
        return services;
    }
}
