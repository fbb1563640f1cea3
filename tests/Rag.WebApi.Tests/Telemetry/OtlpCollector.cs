// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Rag.WebApi.Tests.Telemetry;

/// <summary>
/// A stand-in OpenTelemetry collector on a loopback port: it accepts OTLP over HTTP (protobuf) at <c>/v1/traces</c>
/// and <c>/v1/metrics</c> and keeps every request body it receives, by path.
/// </summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, string ContentType, byte[] Body)> _requests = new();

    private OtlpCollector(WebApplication app) => _app = app;

    /// <summary>Gets the collector's base address.</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<OtlpCollector> StartAsync(CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/{signal}", async (HttpRequest request, string signal) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
            collector._requests.Enqueue(("/v1/" + signal, request.ContentType ?? string.Empty, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync(cancellationToken);
        return collector;
    }

    /// <summary>Gets the content types the collector received at <paramref name="path"/>.</summary>
    public IReadOnlyList<string> ContentTypes(string path) => [.. _requests.Where(r => r.Path == path).Select(r => r.ContentType)];

    /// <summary>
    /// Whether any body received at <paramref name="path"/> holds <paramref name="text"/>: OTLP protobuf carries span
    /// names, attribute keys and metric names as plain UTF-8 strings.
    /// </summary>
    public bool Received(string path, string text)
    {
        byte[] needle = Encoding.UTF8.GetBytes(text);
        return _requests.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(needle) >= 0);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
