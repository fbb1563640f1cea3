// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Rag.WebApi.Telemetry;

namespace Rag.WebApi.Tests.Telemetry;

/// <summary>The sample exports the SDK's spans and metrics over OTLP when configured, and collects nothing otherwise.</summary>
public sealed class TelemetryExportTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ask_WithOtlpConfigured_ExportsTheSdkSpansAndMetricsToTheCollector(bool searchSteps)
    {
        // Arrange: a collector on loopback, and the service pointed at it over OTLP/HTTP.
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using OtlpCollector collector = await OtlpCollector.StartAsync(ct);
        var factory = new TelemetryServiceFactory(new Dictionary<string, string>
        {
            ["Telemetry:Exporter"] = "Otlp",
            ["Telemetry:OtlpEndpoint"] = collector.Address.AbsoluteUri,
            ["Telemetry:OtlpProtocol"] = "HttpProtobuf",
            ["Telemetry:SearchSteps"] = searchSteps ? "true" : "false",
        });
        using var askSpan = new RequestSpanWatch("POST /api/ask");
        using (HttpClient client = factory.CreateClient())
        {
            await KnowledgeApi.UploadAndIngestAsync(client, SampleDocument.FileName, SampleDocument.Content, ct);

            // Act
            using HttpResponseMessage answer = await client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question = SampleDocument.Question }, ct);
            answer.EnsureSuccessStatusCode();
        }

        // The server ends the request span after the response: wait for it, then flush both exporters before the
        // host stops (a loaded machine can miss the shutdown flush's deadline).
        await askSpan.Stopped.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.True(factory.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000), "The traces were not flushed.");
        Assert.True(factory.Services.GetRequiredService<MeterProvider>().ForceFlush(30_000), "The metrics were not flushed.");
        await factory.DisposeAsync();

        // Assert: the SDK's operations and phases, the request spans, the service name and the SDK's metrics arrived.
        Assert.NotEmpty(collector.ContentTypes("/v1/traces"));
        Assert.All(collector.ContentTypes("/v1/traces"), type => Assert.Equal("application/x-protobuf", type));
        foreach (string span in (string[])["rag.ingest", "rag.ingest.embed", "rag.answer", "rag.retrieve", "rag.retrieve.search", "gen_ai.operation.name"])
        {
            Assert.True(collector.Received("/v1/traces", span), $"No exported trace holds '{span}'.");
        }

        Assert.Equal(searchSteps, collector.Received("/v1/traces", "rag.retrieve.fuse"));
        Assert.True(collector.Received("/v1/traces", "POST /api/ask"), "The ASP.NET Core request span was not exported.");
        Assert.True(collector.Received("/v1/traces", TelemetryServiceExtensions.ServiceName), "The resource does not name the service.");
        Assert.True(collector.Received("/v1/metrics", "rag.operation.duration"), "The SDK's duration metric was not exported.");
    }

    [Fact]
    public async Task Start_WithoutTelemetrySettingsInProduction_CollectsNothing()
    {
        // Arrange
        await using var factory = new TelemetryServiceFactory(new Dictionary<string, string>());

        // Act
        using HttpClient client = factory.CreateClient();

        // Assert: no tracer provider is registered, so no span is recorded.
        Assert.Null(factory.Services.GetService<TracerProvider>());
    }

    private sealed class TelemetryServiceFactory(IReadOnlyDictionary<string, string> settings) : KnowledgeServiceFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach ((string key, string value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
