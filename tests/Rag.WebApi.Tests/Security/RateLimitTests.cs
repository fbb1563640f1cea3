// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Rag.WebApi.Tests.Security;

public sealed class RateLimitTests(KnowledgeServiceFactory factory) : IClassFixture<KnowledgeServiceFactory>
{
    [Fact]
    public async Task Api_OverRequestsPerMinute_Returns429WithRetryAfterAndReason()
    {
        // Arrange
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b.UseSetting("Knowledge:RequestsPerMinute", "2"));
        using HttpClient client = app.CreateClient();

        // Act
        using HttpResponseMessage first = await client.GetAsync(new Uri("/api/documents", UriKind.Relative), ct);
        using HttpResponseMessage second = await client.GetAsync(new Uri("/api/documents", UriKind.Relative), ct);
        using HttpResponseMessage third = await client.GetAsync(new Uri("/api/documents", UriKind.Relative), ct);

        // Assert
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.InRange(third.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await third.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("rate_limit_exceeded", problem.GetProperty("code").GetString());
        Assert.Contains("Knowledge:RequestsPerMinute", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
