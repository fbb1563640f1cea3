// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Rag.Connectors.Onnx;
using Rag.Connectors.OpenAI;
using Rag.Connectors.Sqlite;
using Rag.Samples.Indexing;
using Rag.WebApi.Errors;
using Rag.WebApi.Hosting;
using Rag.WebApi.Ingestion;
using Rag.WebApi.OpenAICompatible;
using Rag.WebApi.Security;

namespace Rag.WebApi;

/// <summary>Composes the knowledge service: the Rag SDK on embedded defaults, background ingestion and the security defaults.</summary>
internal static class KnowledgeServiceExtensions
{
    public const string RateLimitPolicy = "per-client";
    public const string ModelRateLimitPolicy = "per-key";
    public const string CorsPolicy = "configured-origins";

    private static readonly string UnknownEmbeddingModelMessage =
        $"Knowledge:EmbeddingModel is not a built-in embedding model: use one of {string.Join(", ", BuiltInEmbeddingModels.All.Select(m => m.Name))}.";

    private static readonly string UnknownKeywordLanguageMessage =
        $"Knowledge:KeywordLanguage is not a keyword language: use one of {string.Join(", ", Enum.GetNames<KeywordLanguage>().Select(n => n.ToLowerInvariant()))}.";

    public static IServiceCollection AddKnowledgeService(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KnowledgeServiceOptions>().Bind(configuration.GetSection(KnowledgeServiceOptions.SectionName))
            .PostConfigure(o => o.AllowedExtensions = NormalizeExtensions(o.AllowedExtensions))
            .ValidateDataAnnotations()
            .Validate(o => BuiltInEmbeddingModels.Find(o.EmbeddingModel) is not null, UnknownEmbeddingModelMessage)
            .Validate(o => o.KeywordLanguage is null || ParseKeywordLanguage(o.KeywordLanguage) is not null, UnknownKeywordLanguageMessage)
            .ValidateOnStart();
        KnowledgeServiceOptions options = configuration.GetSection(KnowledgeServiceOptions.SectionName).Get<KnowledgeServiceOptions>() ?? new();

        RagBuilder rag = services.AddRag()
            .UseOnnxEmbeddings(o => o.BuiltInModel = (BuiltInEmbeddingModels.Find(options.EmbeddingModel) ?? throw new OptionsValidationException(
                KnowledgeServiceOptions.SectionName, typeof(KnowledgeServiceOptions), [UnknownEmbeddingModelMessage])).Model)
            .UseSqliteStore(options.IndexPath, o => o.KeywordLanguage = KeywordLanguageOf(options))
            .UsePdfReader()
            .UseOpenXmlReader()
            .UseTesseractOcr(o =>
            {
                o.CacheDirectory = options.IndexPath + ".ocr-cache";
                o.PreferredLanguages = OcrLanguages.PreferredFor(KeywordLanguageOf(options));
            });
        UseChatModel(rag, options, configuration);
        services.AddSingleton(sp => new LocalModels(sp, sp.GetRequiredService<IOptions<KnowledgeServiceOptions>>().Value));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IngestionQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestionQueue>());
        services.AddHostedService<NativeMemoryTrimming>();

        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHealthChecks();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<KnowledgeServiceOptions>>((kestrel, knowledge) =>
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(knowledge.Value.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(knowledge.Value.RequestBodyGracePeriodSeconds)));
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = options.MaxUploadBytes);
        services.AddSingleton<ApiKey>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) => new ValueTask(RateLimitExceeded(rejected.HttpContext, rejected.Lease).ExecuteAsync(rejected.HttpContext));
            limiter.AddPolicy(RateLimitPolicy, context => PerMinute(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown", Knowledge(context).RequestsPerMinute));
            limiter.AddPolicy(ModelRateLimitPolicy, context => PerMinute(
                context.RequestServices.GetRequiredService<ApiKey>().IsPresentedBy(context.Request) ? "api-key" : context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                Knowledge(context).ModelRequestsPerMinute));
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

    /// <summary>The configured keyword language, else the index's own, else <see cref="KeywordLanguage.Auto"/>.</summary>
    private static KeywordLanguage KeywordLanguageOf(KnowledgeServiceOptions options) => options.KeywordLanguage is { } name
        ? ParseKeywordLanguage(name) ?? throw new OptionsValidationException(KnowledgeServiceOptions.SectionName, typeof(KnowledgeServiceOptions), [UnknownKeywordLanguageMessage])
        : SqliteKnowledgeStore.ReadKeywordLanguage(options.IndexPath) ?? KeywordLanguage.Auto;

    /// <summary>The keyword language of a <c>Knowledge:KeywordLanguage</c> name (any case, not a number); <see langword="null"/> for an unknown one.</summary>
    private static KeywordLanguage? ParseKeywordLanguage(string name) =>
        Enum.TryParse(name, ignoreCase: true, out KeywordLanguage language) && Enum.IsDefined(language) && !int.TryParse(name, out _) ? language : null;

    private static KnowledgeServiceOptions Knowledge(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<KnowledgeServiceOptions>>().Value;

    private static RateLimitPartition<string> PerMinute(string partition, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) });

    // The 429 names the limit that was reached: /v1's (per key) or /api's (per client).
    private static ClientError RateLimitExceeded(HttpContext context, RateLimitLease lease)
    {
        (int permits, string setting) = context.Request.Path.StartsWithSegments(OpenAIEndpoints.Prefix)
            ? (Knowledge(context).ModelRequestsPerMinute, "ModelRequestsPerMinute")
            : (Knowledge(context).RequestsPerMinute, "RequestsPerMinute");
        return new ClientError(
            StatusCodes.Status429TooManyRequests,
            "Too many requests",
            $"This client sent more than {permits} requests in a minute ({KnowledgeServiceOptions.SectionName}:{setting}).")
        {
            Code = "rate_limit_exceeded",
            RetryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait) ? wait : null,
        };
    }

    // The configured extensions, or the defaults when none are: lower-case, with their dot, each once.
    private static string[] NormalizeExtensions(string[] configured) =>
        [.. (configured.Length == 0 ? KnowledgeServiceOptions.DefaultAllowedExtensions : configured)
            .Where(e => !string.IsNullOrWhiteSpace(e))
            .Select(e => "." + e.Trim().TrimStart('.').ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)];

    // A local GGUF model, a model on a shared OpenAI-compatible server, or none (extractive answers).
    private static void UseChatModel(RagBuilder rag, KnowledgeServiceOptions options, IConfiguration configuration)
    {
        // A section holding only defaults (or "ChatServer": null) is not a request for a model server.
        OpenAIChatOptions? server = options.ChatServer is { Endpoint: not null } or { ModelId: not null } or { ApiKey: not null } ? options.ChatServer : null;
        if (options.ModelPath is { Length: > 0 } model)
        {
            if (server is not null)
            {
                throw new InvalidOperationException(
                    $"{KnowledgeServiceOptions.SectionName}:ModelPath and {KnowledgeServiceOptions.SectionName}:ChatServer are both set: use a local model or a model server, not both.");
            }

            IConfigurationSection llama = configuration.GetSection($"{KnowledgeServiceOptions.SectionName}:LlamaSharp");
            rag.UseLlamaSharp(o =>
            {
                llama.Bind(o);
                o.ModelPath = model;
            });
        }
        else if (server is not null)
        {
            // Fail at start, naming the setting, rather than on the first question.
            try
            {
                server.Validate();
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"{KnowledgeServiceOptions.SectionName}:ChatServer is invalid: {e.Message}", e);
            }

            rag.UseOpenAIChat(o => configuration.GetSection($"{KnowledgeServiceOptions.SectionName}:ChatServer").Bind(o));
        }
    }
}
