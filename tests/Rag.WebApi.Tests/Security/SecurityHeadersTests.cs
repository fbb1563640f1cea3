// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;

namespace Rag.WebApi.Tests.Security;

/// <summary>Every response, the chat page's and the API's, its errors included, carries the security headers.</summary>
public sealed class SecurityHeadersTests(KnowledgeServiceFactory factory) : IClassFixture<KnowledgeServiceFactory>
{
    public static TheoryData<string, string, HttpStatusCode> Requests => new()
    {
        { "GET", "/", HttpStatusCode.OK },
        { "GET", "/app.js", HttpStatusCode.OK },
        { "GET", "/api/documents", HttpStatusCode.OK },
        { "GET", "/api/no-such-endpoint", HttpStatusCode.NotFound },
        { "POST", "/api/ingestion", HttpStatusCode.Forbidden }, // refused as cross-site (see below)
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Response_AnyEndpointOrError_CarriesSecurityHeaders(string method, string path, HttpStatusCode expected)
    {
        // Arrange
        using HttpClient client = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        // Act
        using HttpResponseMessage response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(expected, response.StatusCode);
        string policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task ChatPage_HasNoInlineScriptStyleOrHandler_SoThePolicyNeedsNoHash()
    {
        using HttpClient client = factory.CreateClient();

        string page = await client.GetStringAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Matches("<script src=\"app.js\"", page);
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", page);
        Assert.DoesNotMatch("<style|\\sstyle=|\\son[a-z]+=|javascript:", page);
    }
}
