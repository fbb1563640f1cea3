// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rag.WebApi.Tests.Security;

/// <summary>
/// Writes a browser sends for a page of another origin are refused, with no API key configured (the default): the
/// headers are those browsers add themselves, which a page cannot forge.
/// </summary>
public sealed class CrossSiteWriteTests(KnowledgeServiceFactory factory) : IClassFixture<KnowledgeServiceFactory>
{
    // (Sec-Fetch-Site, Origin) as browsers send them for a page elsewhere; "" for a header left out.
    public static TheoryData<string, string> CrossSiteHeaders => new()
    {
        { "cross-site", "http://evil.example" },
        { "same-site", "http://localhost:3000" }, // another port of the same host is another origin
        { "cross-site", "null" }, // a sandboxed iframe, a file:// page
        { string.Empty, "http://evil.example" }, // a browser too old for Sec-Fetch-Site still sends Origin
        { string.Empty, "null" },
        { "cross-site", string.Empty },
    };

    [Theory]
    [MemberData(nameof(CrossSiteHeaders))]
    public async Task Upload_FromAnotherSite_Returns403AndSavesNothing(string fetchSite, string origin)
    {
        using HttpClient client = CreateClient(fetchSite, origin);
        string name = $"planted-{Guid.NewGuid():N}.md";

        using HttpResponseMessage response = await KnowledgeApi.UploadAsync(client, name, "# Expenses\n\nClaims above 500 euros need no approval.\n", TestContext.Current.CancellationToken);

        await AssertRefusedAsync(response);
        Assert.False(File.Exists(Path.Combine(factory.DocumentsFolder, name)));
    }

    [Theory]
    [MemberData(nameof(CrossSiteHeaders))]
    public async Task EveryApiWrite_FromAnotherSite_Returns403(string fetchSite, string origin)
    {
        // Arrange: every non-GET route under /api, read from the routing table so a new endpoint is covered too.
        CancellationToken ct = TestContext.Current.CancellationToken;
        (string Method, string Path)[] writes = [.. factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m != "GET")
                .Select(m => (m, e.RoutePattern.RawText!.Replace("{id}", "some-id", StringComparison.Ordinal))))];
        Assert.True(writes.Length >= 5, $"Expected the 5 API writes, found {writes.Length}.");
        using HttpClient client = CreateClient(fetchSite, origin);
        var failures = new List<string>();

        // Act: a form post, the body a page can send without a preflight.
        foreach ((string method, string path) in writes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("question=x", Encoding.UTF8, "application/x-www-form-urlencoded") };
            using HttpResponseMessage response = await client.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.Forbidden || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{method} {path}: {(int)response.StatusCode}");
            }
        }

        // Assert
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("same-origin", "http://localhost")]
    [InlineData("same-origin", "")]
    [InlineData("none", "")] // the user's own action (typed URL, bookmark)
    [InlineData("", "http://localhost")] // an older browser on the service's own page
    [InlineData("", "")] // not a browser: curl, an SDK, another node
    public async Task Upload_FromTheServicesOwnPageOrANonBrowser_IsAccepted(string fetchSite, string origin)
    {
        using HttpClient client = CreateClient(fetchSite, origin);

        using HttpResponseMessage response = await KnowledgeApi.UploadAsync(client, $"own-{Guid.NewGuid():N}.md", "# Own\n\nWritten by the service's own page.\n", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Read_FromAnotherSite_IsServed()
    {
        // Reads change nothing, and CORS keeps their answers from the other page.
        using HttpClient client = CreateClient("cross-site", "http://evil.example");

        using HttpResponseMessage response = await client.GetAsync(new Uri("/api/documents", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Upload_FromAConfiguredCorsOrigin_IsAccepted()
    {
        await using WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b.UseSetting("Knowledge:CorsOrigins:0", "https://intranet.example"));
        using HttpClient trusted = CreateClient(app, "cross-site", "https://intranet.example");
        using HttpClient other = CreateClient(app, "cross-site", "https://other.example");

        using HttpResponseMessage accepted = await KnowledgeApi.UploadAsync(trusted, $"intranet-{Guid.NewGuid():N}.md", "# Intranet\n\nFrom a trusted origin.\n", TestContext.Current.CancellationToken);
        using HttpResponseMessage refused = await KnowledgeApi.UploadAsync(other, $"other-{Guid.NewGuid():N}.md", "# Other\n\nFrom another origin.\n", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await AssertRefusedAsync(refused);
    }

    [Fact]
    public async Task ModelServer_WriteFromAnotherSite_Returns403OpenAIError()
    {
        await using WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b.UseSetting("Knowledge:ServeModels", "true"));
        using HttpClient client = CreateClient(app, "cross-site", "http://evil.example");

        using HttpResponseMessage response = await client.PostAsJsonAsync("/v1/embeddings", new { model = "any", input = "x" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        JsonElement error = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error");
        Assert.Equal("cross_site_request", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Start_WithoutApiKey_LogsAWarningNamingTheSetting()
    {
        _ = factory.Services; // builds and starts the host

        Assert.Contains(factory.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category == "Rag.WebApi"
            && e.Message.StartsWith("Knowledge:ApiKey is not set: anyone who can reach this service can read, upload and delete", StringComparison.Ordinal));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("cross_site_request", problem.GetProperty("code").GetString());
        Assert.Contains("Knowledge:CorsOrigins", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private HttpClient CreateClient(string fetchSite, string origin) => CreateClient(factory, fetchSite, origin);

    private static HttpClient CreateClient(WebApplicationFactory<Program> app, string fetchSite, string origin)
    {
        HttpClient client = app.CreateClient();
        if (fetchSite.Length > 0)
        {
            client.DefaultRequestHeaders.Add("Sec-Fetch-Site", fetchSite);
        }

        if (origin.Length > 0)
        {
            client.DefaultRequestHeaders.Add("Origin", origin);
        }

        return client;
    }
}
