// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Rag.WebApi.Tests;

public sealed class ServiceEndpointsTests(KnowledgeServiceFactory factory) : IClassFixture<KnowledgeServiceFactory>
{
    [Fact]
    public async Task Health_Running_ReportsHealthy()
    {
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheApi()
    {
        using HttpClient client = factory.CreateClient();

        JsonElement document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        JsonElement paths = document.GetProperty("paths");
        foreach (string path in (string[])["/api/ask", "/api/ask/stream", "/api/search", "/api/documents", "/api/documents/{id}", "/api/ingestion", "/api/info"])
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI document lacks {path}.");
        }
    }

    [Fact]
    public async Task Root_ServesTheChatPage()
    {
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("id=\"ask-form\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_WithoutChatModel_ReportsExtractiveMode()
    {
        using HttpClient client = factory.CreateClient();

        JsonElement info = await client.GetFromJsonAsync<JsonElement>("/api/info", TestContext.Current.CancellationToken);

        Assert.Equal("extractive", info.GetProperty("answerMode").GetString());
    }
}
