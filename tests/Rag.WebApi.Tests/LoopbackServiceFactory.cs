// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Rag.WebApi.Tests;

/// <summary>
/// The service on a real Kestrel socket over loopback, for what a TestServer does not model: body size and data-rate
/// limits enforced by the server, request-line limits, clients that trickle bytes or go away mid-response.
/// Limits are small so tests stay fast: 64 KiB JSON bodies, 1 MiB uploads, bodies cut off below 1000 bytes/s after 2 s.
/// </summary>
public class LoopbackServiceFactory : KnowledgeServiceFactory
{
    /// <summary>The largest JSON body the service accepts in these tests.</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    /// <summary>The slowest request body accepted after the grace period, in bytes per second.</summary>
    public const int MinRequestBodyBytesPerSecond = 1000;

    /// <summary>The seconds a request body may take before the minimum rate applies.</summary>
    public const int RequestBodyGracePeriodSeconds = 2;

    public LoopbackServiceFactory() => UseKestrel();

    /// <summary>Gets the address Kestrel listens on (starts the server on first use).</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Knowledge:MaxRequestBodyBytes", MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Knowledge:MinRequestBodyBytesPerSecond", MinRequestBodyBytesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Knowledge:RequestBodyGracePeriodSeconds", RequestBodyGracePeriodSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
