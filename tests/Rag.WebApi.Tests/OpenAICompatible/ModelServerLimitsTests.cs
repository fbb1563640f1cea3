// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Rag.TestUtilities;

namespace Rag.WebApi.Tests.OpenAICompatible;

/// <summary>/v1's own limits: inputs per embedding call, output-schema size and requests per key, each an OpenAI error naming its setting.</summary>
public sealed class ModelServerLimitsTests(KnowledgeServiceFactory factory) : IClassFixture<KnowledgeServiceFactory>
{
    private const string ChatModel = "limits-model";

    [Fact]
    public async Task Embeddings_MoreInputsThanMaxEmbeddingInputs_Returns400NamingTheLimit_AndAtTheLimitEmbeds()
    {
        // Arrange
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b
            .UseSetting("Knowledge:ServeModels", "true")
            .UseSetting("Knowledge:MaxEmbeddingInputs", "3"));
        using HttpClient client = app.CreateClient();
        string model = (await client.GetFromJsonAsync<JsonElement>(new Uri("/v1/models", UriKind.Relative), ct)).GetProperty("data")[0].GetProperty("id").GetString()!;

        // Act
        using HttpResponseMessage over = await PostAsync(client, "/v1/embeddings", new { model, input = new[] { "a", "b", "c", "d" } }, ct);
        using HttpResponseMessage atLimit = await PostAsync(client, "/v1/embeddings", new { model, input = new[] { "a", "b", "c" } }, ct);

        // Assert
        JsonElement error = await AssertOpenAIErrorAsync(over, HttpStatusCode.BadRequest, "too_many_inputs", ct);
        Assert.Equal("input", error.GetProperty("param").GetString());
        Assert.Contains("between 1 and 3 strings (was 4", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Knowledge:MaxEmbeddingInputs", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(3, (await atLimit.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChatCompletions_SchemaOverMaxJsonSchemaCharacters_Returns400BeforeTheModelIsCalled(bool stream)
    {
        // Arrange: a schema of 2,000 enum values, against a limit of 1,000 characters.
        CancellationToken ct = TestContext.Current.CancellationToken;
        int modelCalls = 0;
        await using WebApplicationFactory<Program> app = ServeChatModel(b => b.UseSetting("Knowledge:MaxJsonSchemaCharacters", "1000"), () => modelCalls++);
        using HttpClient client = app.CreateClient();
        var schema = new { type = "string", @enum = Enumerable.Range(0, 2000).Select(i => $"value-{i}").ToArray() };
        var request = new
        {
            model = ChatModel,
            stream,
            messages = new[] { new { role = "user", content = "Pick one." } },
            response_format = new { type = "json_schema", json_schema = new { name = "pick", schema } },
        };

        // Act
        using HttpResponseMessage response = await PostAsync(client, "/v1/chat/completions", request, ct);

        // Assert
        JsonElement error = await AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest, "schema_too_large", ct);
        Assert.Equal("response_format", error.GetProperty("param").GetString());
        Assert.Contains("at most 1000 (Knowledge:MaxJsonSchemaCharacters)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, modelCalls);
    }

    [Fact]
    public async Task ChatCompletions_SchemaWithinTheLimit_ReachesTheModel()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        int modelCalls = 0;
        await using WebApplicationFactory<Program> app = ServeChatModel(b => b.UseSetting("Knowledge:MaxJsonSchemaCharacters", "1000"), () => modelCalls++);
        using HttpClient client = app.CreateClient();
        var request = new
        {
            model = ChatModel,
            messages = new[] { new { role = "user", content = "Pick one." } },
            response_format = new { type = "json_schema", json_schema = new { name = "pick", schema = new { type = "string", @enum = new[] { "yes", "no" } } } },
        };

        using HttpResponseMessage response = await PostAsync(client, "/v1/chat/completions", request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, modelCalls);
    }

    [Fact]
    public async Task V1_OverModelRequestsPerMinute_Returns429PerKey_AndWrongKeysShareTheirClientsBudget()
    {
        // Arrange
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b
            .UseSetting("Knowledge:ServeModels", "true")
            .UseSetting("Knowledge:ApiKey", "the-right-key")
            .UseSetting("Knowledge:ModelRequestsPerMinute", "2"));
        using HttpClient client = app.CreateClient();

        // Act: the key holder spends its budget; a client guessing keys spends its own, whatever key it tries next.
        HttpStatusCode[] withKey = [await GetModelsAsync(client, "the-right-key", ct), await GetModelsAsync(client, "the-right-key", ct)];
        using HttpResponseMessage keyLimited = await SendModelsAsync(client, "the-right-key", ct);
        HttpStatusCode[] guesses = [await GetModelsAsync(client, "guess-1", ct), await GetModelsAsync(client, "guess-2", ct)];
        using HttpResponseMessage guessLimited = await SendModelsAsync(client, "guess-3", ct);

        // Assert
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], withKey);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], guesses);
        foreach (HttpResponseMessage limited in new[] { keyLimited, guessLimited })
        {
            Assert.InRange(limited.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
            JsonElement error = await AssertOpenAIErrorAsync(limited, HttpStatusCode.TooManyRequests, "rate_limit_exceeded", ct);
            Assert.Contains("more than 2 requests in a minute (Knowledge:ModelRequestsPerMinute)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    private WebApplicationFactory<Program> ServeChatModel(Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder> configure, Action called)
    {
        var chat = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) =>
            {
                called();
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "\"yes\"")));
            },
            GetStreamingResponseAsyncCallback = (_, _, _) =>
            {
                called();
                return AsyncEnumerable.Empty<ChatResponseUpdate>();
            },
            GetServiceCallback = (type, _) => type == typeof(ChatClientMetadata) ? new ChatClientMetadata("test", null, ChatModel) : null,
        };
        return factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Knowledge:ServeModels", "true")
                .UseSetting("Knowledge:ModelPath", "never-loaded.gguf")
                .ConfigureTestServices(s => s.AddSingleton<IChatClient>(chat));
            configure(b);
        });
    }

    private static async Task<HttpStatusCode> GetModelsAsync(HttpClient client, string key, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendModelsAsync(client, key, cancellationToken);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> SendModelsAsync(HttpClient client, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/models", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client.SendAsync(request, cancellationToken);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, CancellationToken cancellationToken) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"), cancellationToken);

    private static async Task<JsonElement> AssertOpenAIErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, CancellationToken cancellationToken)
    {
        Assert.Equal(status, response.StatusCode);
        JsonElement error = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        return error;
    }
}
