// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Rag.WebApi.Tests.Security;

public sealed class ApiKeyMiddlewareTests(ApiKeyServiceFactory factory) : IClassFixture<ApiKeyServiceFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key")]
    [InlineData(ApiKeyServiceFactory.Key + "x")]
    [InlineData("test-key-012345678")]
    public async Task Api_MissingOrWrongKey_Returns401ProblemDetails(string? key)
    {
        using HttpClient client = CreateClient(key);

        using HttpResponseMessage response = await client.GetAsync(new Uri("/api/documents", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task EveryApiEndpoint_MissingOrWrongKey_Returns401ProblemDetails()
    {
        // Arrange: every route the app maps under /api, with every method, read from the routing table so a new endpoint is covered too.
        CancellationToken ct = TestContext.Current.CancellationToken;
        (string Method, string Path)[] endpoints = [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!.Replace("{id}", "some-id", StringComparison.Ordinal))))];
        Assert.True(endpoints.Length >= 9, $"Expected the 9 API endpoints, found {endpoints.Length}.");
        var failures = new List<string>();

        // Act
        foreach ((string method, string path) in endpoints)
        {
            foreach (string? key in (string?[])[null, "wrong-key"])
            {
                using HttpClient client = CreateClient(key);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST")
                {
                    request.Content = new StringContent("{\"question\": \"What is the meal allowance?\"}", System.Text.Encoding.UTF8, "application/json");
                }

                using HttpResponseMessage response = await client.SendAsync(request, ct);
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{method} {path} with key '{key}': {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
                }
            }
        }

        // Assert
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Api_RightKey_Returns200()
    {
        using HttpClient client = CreateClient(ApiKeyServiceFactory.Key);

        using HttpResponseMessage response = await client.GetAsync(new Uri("/api/documents", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Start_WithApiKey_LogsNoMissingKeyWarning()
    {
        _ = factory.Services; // builds and starts the host

        Assert.DoesNotContain(factory.Logs.Entries, e => e.Message.Contains("Knowledge:ApiKey is not set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AskStream_WithoutKey_Returns401ProblemDetailsEvenToAnEventStreamClient()
    {
        // The page asks with "Accept: text/event-stream" only; the refusal must still be written, not fail as a 500.
        using HttpClient client = CreateClient(null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask/stream") { Content = JsonContent.Create(new { question = "What is the meal allowance?" }) };
        request.Headers.Accept.ParseAdd("text/event-stream");

        using HttpResponseMessage response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invalid_api_key", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("code").GetString());
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Exception is not null);
    }

    [Fact]
    public async Task Upload_WithoutKey_IsRefusedBeforeTheBodyIsRead()
    {
        using HttpClient client = CreateClient(null);

        using HttpResponseMessage response = await KnowledgeApi.UploadAsync(client, "secret.md", "# Not allowed\n", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(File.Exists(Path.Combine(factory.DocumentsFolder, "secret.md")));
    }

    [Fact]
    public async Task Ask_MalformedJsonWithoutKey_Returns401Not400()
    {
        using HttpClient client = CreateClient(null);
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");

        using HttpResponseMessage response = await client.PostAsync(new Uri("/api/ask", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/")]
    public async Task PublicPaths_WithoutKey_Return200(string path)
    {
        using HttpClient client = CreateClient(null);

        using HttpResponseMessage response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private HttpClient CreateClient(string? key)
    {
        HttpClient client = factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }
}
