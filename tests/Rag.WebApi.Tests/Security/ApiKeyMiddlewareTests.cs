// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

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
    public async Task Api_RightKey_Returns200()
    {
        using HttpClient client = CreateClient(ApiKeyServiceFactory.Key);

        using HttpResponseMessage response = await client.GetAsync(new Uri("/api/documents", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
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
