// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Telemetry;

/// <summary>Where the service sends its traces and metrics.</summary>
internal enum TelemetryExporter
{
    /// <summary>Nothing is collected or sent.</summary>
    None,

    /// <summary>Spans and metrics are written to the console (for development).</summary>
    Console,

    /// <summary>Spans and metrics go to an OpenTelemetry collector over OTLP.</summary>
    Otlp,
}
