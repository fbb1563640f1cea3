// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Rag.TestUtilities;
using Rag.WebApi.Endpoints;
using Rag.WebApi.Tests.OpenAICompatible;

namespace Rag.WebApi.Tests.Errors;

/// <summary>
/// The real stories260K model with a 2048-token context behind /api and /v1: what the model cannot take is the client's
/// error (400 with the counts) or worth a retry (503 with Retry-After), never a 500.
/// </summary>
public sealed class ModelLimitsTests(ModelServerFactory server) : IClassFixture<ModelServerFactory>
{
    [Theory]
    [InlineData("/api/ask")]
    [InlineData("/api/ask/stream")]
    public async Task Ask_QuestionWithinTheCharacterLimitButOverTheModelsWindow_Returns400WithTokenCounts(string path)
    {
        // Arrange: 1,795 characters, under MaxQuestionLength (2000) but, in this small vocabulary, over what 2048 tokens hold.
        CancellationToken ct = TestContext.Current.CancellationToken;
        using HttpClient client = await CreateIndexedClientAsync(ct);
        string question = string.Concat(Enumerable.Repeat("When does the cafeteria open on weekdays and on Saturdays? ", 31))[..1795];

        // Act
        using HttpResponseMessage response = await client.PostAsJsonAsync(path, new AskRequest(question), ct);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("question_too_long", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("questionTokens").GetInt32() > problem.GetProperty("maxQuestionTokens").GetInt32(), problem.ToString());
        Assert.Equal(ModelServerFactory.ContextSize, problem.GetProperty("contextWindowTokens").GetInt32());
        Assert.DoesNotContain(server.Logs.Entries, e => e.Exception is not null);
    }

    [Fact]
    public async Task Ask_LongHistoryWithinTheCharacterLimit_IsAnsweredByTheModel()
    {
        // Arrange: 14,280 characters of earlier turns (MaxHistoryLength is 16,000): more than the model's window holds.
        CancellationToken ct = TestContext.Current.CancellationToken;
        using HttpClient client = await CreateIndexedClientAsync(ct);
        string turn = string.Concat(Enumerable.Repeat("Tell me about the cafeteria and its opening hours. ", 40))[..2040];
        HistoryMessage[] history = [.. Enumerable.Range(0, 7).Select(i => new HistoryMessage(i % 2 == 0 ? "user" : "assistant", turn))];

        // Act
        using HttpResponseMessage response = await client.PostAsJsonAsync("/api/ask", new AskRequest(SampleDocument.Question, history), ct);

        // Assert: the turns that fit are used (the rest dropped), and the model answers.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AnswerDto? answer = await response.Content.ReadFromJsonAsync<AnswerDto>(ct);
        Assert.False(answer!.IsExtractive);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Exception is not null);
    }

    [Fact]
    public async Task ModelQueueFull_Returns503WithRetryAfterOnApiAndV1_ThenServesAgain()
    {
        // Arrange: no queue (MaxQueuedRequests = 0), and the model's one context held by a stream that is not read on.
        TestEnvironment.RequireResource(TestEnvironment.TinyLlamaModelPath);
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using WebApplicationFactory<Program> app = server.WithWebHostBuilder(b => b.UseSetting("Knowledge:LlamaSharp:MaxQueuedRequests", "0"));
        using HttpClient client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ModelServerFactory.Key);
        await KnowledgeApi.UploadAndIngestAsync(client, SampleDocument.FileName, SampleDocument.Content, ct);
        IChatClient model = app.Services.GetRequiredService<IChatClient>();
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(ct);
        IAsyncEnumerator<ChatResponseUpdate> running = model.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, "Once upon a time")], new ChatOptions { MaxOutputTokens = 1500 }, hold.Token).GetAsyncEnumerator(hold.Token);
        Assert.True(await running.MoveNextAsync());

        // Act
        object completion = new { model = ModelServerFactory.ChatModelId, messages = new[] { new { role = "user", content = "Once upon a time" } }, max_tokens = 4 };
        object streamedCompletion = new { model = ModelServerFactory.ChatModelId, messages = new[] { new { role = "user", content = "Once upon a time" } }, max_tokens = 4, stream = true };
        using HttpResponseMessage v1 = await client.PostAsJsonAsync("/v1/chat/completions", completion, ct);
        using HttpResponseMessage v1Stream = await client.PostAsJsonAsync("/v1/chat/completions", streamedCompletion, ct);
        using HttpResponseMessage ask = await client.PostAsJsonAsync("/api/ask", new AskRequest(SampleDocument.Question), ct);
        using HttpResponseMessage askStream = await client.PostAsJsonAsync("/api/ask/stream", new AskRequest(SampleDocument.Question), ct);
        await hold.CancelAsync();
        await running.DisposeAsync();
        using HttpResponseMessage afterwards = await client.PostAsJsonAsync("/v1/chat/completions", completion, ct);

        // Assert
        foreach (HttpResponseMessage busy in (HttpResponseMessage[])[v1, v1Stream, ask, askStream])
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), busy.Headers.RetryAfter?.Delta);
        }

        JsonElement error = (await v1Stream.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("model_busy", error.GetProperty("code").GetString());
        Assert.Equal("model_busy", (await askStream.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString());
        Assert.Equal("application/problem+json", askStream.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Exception is not null);
    }

    private async Task<HttpClient> CreateIndexedClientAsync(CancellationToken cancellationToken)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.Start(), "/") };
        client.DefaultRequestHeaders.Add("X-Api-Key", ModelServerFactory.Key);
        await KnowledgeApi.UploadAndIngestAsync(client, SampleDocument.FileName, SampleDocument.Content, cancellationToken);
        return client;
    }
}
