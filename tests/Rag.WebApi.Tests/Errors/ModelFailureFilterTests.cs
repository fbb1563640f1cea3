// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Rag.Connectors.LlamaSharp;
using Rag.TestUtilities;
using Rag.WebApi.Endpoints;

namespace Rag.WebApi.Tests.Errors;

/// <summary>
/// The chat model's expected refusals, raised where the real connector raises them (when generation is asked for, after
/// the sources are retrieved), become their status on /api, streamed or not: never a 500, never a broken stream.
/// </summary>
public sealed class ModelFailureFilterTests(KnowledgeServiceFactory factory) : IClassFixture<KnowledgeServiceFactory>
{
    [Theory]
    [InlineData("/api/ask")]
    [InlineData("/api/ask/stream")]
    public async Task Ask_ModelQueueFull_Returns503WithRetryAfter(string path)
    {
        using HttpResponseMessage response = await AskAsync(path, new ChatModelBusyException(1, 64));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("2", response.Headers.RetryAfter?.ToString());
        JsonElement problem = await ReadProblemAsync(response);
        Assert.Equal("model_busy", problem.GetProperty("code").GetString());
        Assert.Contains("retry", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Exception is not null);
    }

    [Theory]
    [InlineData("/api/ask")]
    [InlineData("/api/ask/stream")]
    public async Task Ask_PromptOverTheContextWindow_Returns400WithTheTokenCounts(string path)
    {
        using HttpResponseMessage response = await AskAsync(path, new ContextWindowExceededException(2390, 2048));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement problem = await ReadProblemAsync(response);
        Assert.Equal("context_length_exceeded", problem.GetProperty("code").GetString());
        Assert.Equal(2390, problem.GetProperty("promptTokens").GetInt32());
        Assert.Equal(2048, problem.GetProperty("contextWindowTokens").GetInt32());
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Exception is not null);
    }

    [Theory]
    [InlineData("/api/ask")]
    [InlineData("/api/ask/stream")]
    public async Task Ask_QuestionTooLongForTheContextWindow_Returns400WithTheCountsBeforeCallingTheModel(string path)
    {
        // Arrange: a model whose tokenizer counts words and whose window is 400 of them; the answering rules take about 150.
        CancellationToken ct = TestContext.Current.CancellationToken;
        TestChatClient chat = TestChatClient.Answering("The cafeteria opens at 7:30 [1].");
        chat.GetServiceCallback = (type, _) => type == typeof(ITokenCounter) ? new HashingEmbeddingGenerator { MaxTokens = 400 } : null;
        await using WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IChatClient>(chat)));
        using HttpClient client = app.CreateClient();
        await KnowledgeApi.UploadAndIngestAsync(client, SampleDocument.FileName, SampleDocument.Content, ct);
        string longQuestion = SampleDocument.Question + string.Concat(Enumerable.Repeat(" And the weekend?", 80)); // 248 words, 1,410 characters

        // Act
        using HttpResponseMessage tooLong = await client.PostAsJsonAsync(path, new AskRequest(longQuestion), ct);
        int modelCallsAfterRefusal = chat.Requests.Count;
        using HttpResponseMessage fits = await client.PostAsJsonAsync(path, new AskRequest(SampleDocument.Question), ct);

        // Assert: refused before any model call, naming the counts; a short question is answered by the model.
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        JsonElement problem = await ReadProblemAsync(tooLong);
        Assert.Equal("question_too_long", problem.GetProperty("code").GetString());
        Assert.Equal(248, problem.GetProperty("questionTokens").GetInt32());
        Assert.InRange(problem.GetProperty("maxQuestionTokens").GetInt32(), 9, 247);
        Assert.Equal(400, problem.GetProperty("contextWindowTokens").GetInt32());
        Assert.Contains("'question'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, modelCallsAfterRefusal);
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Single(chat.Requests);
    }

    // Asks with a chat model that fails as the real one does: when its stream is first read, after retrieval.
    private async Task<HttpResponseMessage> AskAsync(string path, Exception failure)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        var chat = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromException<ChatResponse>(failure),
            GetStreamingResponseAsyncCallback = (_, _, token) => FailAsync(failure, token),
        };
        await using WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IChatClient>(chat)));
        using HttpClient client = app.CreateClient();
        await KnowledgeApi.UploadAndIngestAsync(client, SampleDocument.FileName, SampleDocument.Content, ct);

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new AskRequest(SampleDocument.Question)) };
        request.Headers.Accept.ParseAdd(path.EndsWith("/stream", StringComparison.Ordinal) ? "text/event-stream" : "application/json");
        HttpResponseMessage response = await client.SendAsync(request, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        Assert.NotEmpty(chat.Requests); // the model was asked: the failure came from it, after retrieval
        return response;
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> FailAsync(Exception failure, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (!cancellationToken.IsCancellationRequested)
        {
            throw failure;
        }

        yield break;
    }

    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
