// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Text;

namespace Rag.WebApi.Tests.Security;

/// <summary>The cross-site check on a real Kestrel socket, where Origin is compared with the Host the client really sent.</summary>
public sealed class CrossSiteWriteLoopbackTests(LoopbackServiceFactory factory) : IClassFixture<LoopbackServiceFactory>
{
    [Fact]
    public async Task FormPost_FromAnotherOrigin_Returns403_FromTheServicesOrigin_Returns202()
    {
        // Arrange: what an HTML <form method=post> sends; no preflight is ever made for it.
        CancellationToken ct = TestContext.Current.CancellationToken;
        Uri address = factory.Address;
        using var client = new HttpClient { BaseAddress = address };
        string ownOrigin = address.GetLeftPart(UriPartial.Authority);

        // Act
        using HttpResponseMessage foreign = await PostFormAsync(client, "http://evil.example", ct);
        using HttpResponseMessage otherPort = await PostFormAsync(client, $"http://127.0.0.1:{address.Port + 1}", ct);
        using HttpResponseMessage own = await PostFormAsync(client, ownOrigin, ct);

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherPort.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string origin, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingestion") { Content = new StringContent("start=1", Encoding.ASCII, "application/x-www-form-urlencoded") };
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request, cancellationToken);
    }
}
