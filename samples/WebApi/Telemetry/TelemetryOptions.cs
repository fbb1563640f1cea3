// Copyright (c) Rag contributors. Licensed under the MIT License.

using OpenTelemetry.Exporter;

namespace Rag.WebApi.Telemetry;

/// <summary>The service's OpenTelemetry export, bound from the <c>Telemetry</c> section.</summary>
internal sealed class TelemetryOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>The standard OpenTelemetry variable that names a collector; when set, the default exporter is OTLP.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Gets or sets the exporter. Unset: <see cref="TelemetryExporter.Otlp"/> when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set,
    /// <see cref="TelemetryExporter.Console"/> in the Development environment, otherwise <see cref="TelemetryExporter.None"/>.
    /// </summary>
    public TelemetryExporter? Exporter { get; set; }

    /// <summary>
    /// Gets or sets the collector's base address (for example <c>http://localhost:4317</c>, or <c>:4318</c> with
    /// <see cref="OtlpExportProtocol.HttpProtobuf"/>). Unset: the standard <c>OTEL_EXPORTER_OTLP_*</c> variables apply.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>Gets or sets the OTLP protocol: <c>Grpc</c> or <c>HttpProtobuf</c>. Unset: the standard variables apply (gRPC by default).</summary>
    public OtlpExportProtocol? OtlpProtocol { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether each search's own steps (<c>rag.retrieve.vector</c>, <c>.keyword</c>,
    /// <c>.fuse</c>, <c>.read</c>, from <see cref="RagTelemetry.DetailSourceName"/>) are exported too. Default: <see langword="false"/>.
    /// </summary>
    public bool SearchSteps { get; set; }

    /// <summary>The exporter these options select in <paramref name="environment"/> with <paramref name="configuration"/>.</summary>
    public TelemetryExporter Resolve(IConfiguration configuration, IHostEnvironment environment) =>
        Exporter ?? (!string.IsNullOrEmpty(configuration[OtlpEndpointVariable]) ? TelemetryExporter.Otlp
            : environment.IsDevelopment() ? TelemetryExporter.Console
            : TelemetryExporter.None);
}
