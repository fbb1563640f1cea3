// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Rag.TestUtilities;

namespace Rag.WebApi.Tests.OpenAICompatible;

/// <summary>A chat model that fails unexpectedly: /v1 answers with an OpenAI server_error, never the exception's text.</summary>
public sealed class OpenAIServerErrorTests(KnowledgeServiceFactory factory) : IClassFixture<KnowledgeServiceFactory>
{
    private const string Secret = "native failure at 0xDEADBEEF in /secret/path";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChatCompletions_ModelThrows_Returns500ServerErrorWithoutDetails(bool stream)
    {
        var chat = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => throw new InvalidOperationException(Secret),
            GetStreamingResponseAsyncCallback = (_, _, _) => throw new InvalidOperationException(Secret),
            GetServiceCallback = (type, _) => type == typeof(ChatClientMetadata) ? new ChatClientMetadata("test", null, "broken-model") : null,
        };
        await using WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b
            .UseSetting("Knowledge:ServeModels", "true")
            .UseSetting("Knowledge:ModelPath", "never-loaded.gguf")
            .ConfigureTestServices(s => s.AddSingleton<IChatClient>(chat)));
        using HttpClient client = app.CreateClient();
        string body = JsonSerializer.Serialize(new { model = "broken-model", messages = new[] { new { role = "user", content = "hi" } }, stream });

        using HttpResponseMessage response = await client.PostAsync(
            new Uri("/v1/chat/completions", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        JsonElement error = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Contains("trace id", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("DEADBEEF", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V1_ServeModelsOff_IsNotMapped()
    {
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync(new Uri("/v1/models", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
