// Copyright (c) Rag contributors. Licensed under the MIT License.

using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Rag.WebApi.Telemetry;

/// <summary>
/// Exports the SDK's spans and metrics (<see cref="RagTelemetry"/>) and ASP.NET Core's request spans and metrics,
/// as the <c>Telemetry</c> section says: to an OTLP collector, to the console, or nowhere (then nothing is collected).
/// </summary>
internal static class TelemetryServiceExtensions
{
    /// <summary>The service name the exported resource carries.</summary>
    public const string ServiceName = "Rag.WebApi";

    public static IServiceCollection AddKnowledgeTelemetry(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        TelemetryOptions options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new();
        TelemetryExporter exporter = options.Resolve(configuration, environment);
        if (exporter == TelemetryExporter.None)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: typeof(TelemetryServiceExtensions).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddSource(RagTelemetry.SourceName).AddAspNetCoreInstrumentation();
                if (options.SearchSteps)
                {
                    tracing.AddSource(RagTelemetry.DetailSourceName);
                }

                if (exporter == TelemetryExporter.Otlp)
                {
                    tracing.AddOtlpExporter(otlp => Configure(otlp, options, "v1/traces"));
                }
                else
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RagTelemetry.SourceName).AddAspNetCoreInstrumentation();
                if (exporter == TelemetryExporter.Otlp)
                {
                    metrics.AddOtlpExporter(otlp => Configure(otlp, options, "v1/metrics"));
                }
                else
                {
                    metrics.AddConsoleExporter();
                }
            });
        return services;
    }

    // A configured base address gets the signal's path when sent over HTTP, as the standard variable does.
    private static void Configure(OtlpExporterOptions otlp, TelemetryOptions options, string signalPath)
    {
        if (options.OtlpProtocol is { } protocol)
        {
            otlp.Protocol = protocol;
        }

        if (options.OtlpEndpoint is { } endpoint)
        {
            otlp.Endpoint = otlp.Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/"), signalPath)
                : endpoint;
        }
    }
}
