// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Rag.TestUtilities;
using Rag.WebApi.Endpoints;

namespace Rag.WebApi.Tests.Endpoints;

public sealed class AskStreamingCancellationTests(KnowledgeServiceFactory factory) : IClassFixture<KnowledgeServiceFactory>
{
    [Fact]
    public async Task AskStream_ClientDisconnectsMidStream_CancelsGeneration()
    {
        // Arrange: a chat model that writes one word, then waits for more until its token is cancelled.
        CancellationToken ct = TestContext.Current.CancellationToken;
        var generationCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var generationStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var chat = new TestChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, token) => GenerateUntilCancelledAsync(generationStarted, generationCancelled, token),
        };
        await using WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IChatClient>(chat)));
        using HttpClient client = app.CreateClient();
        await KnowledgeApi.UploadAndIngestAsync(client, SampleDocument.FileName, SampleDocument.Content, ct);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask/stream") { Content = JsonContent.Create(new AskRequest(SampleDocument.Question)) };
        HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Stream body = await response.Content.ReadAsStreamAsync(ct);
        List<ServerSentEvent> received = await ServerSentEvent.ReadAsync(body, e => e.Event == "delta", ct);
        Assert.Equal(["sources", "delta"], received.Select(e => e.Event));
        await generationStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.False(generationCancelled.Task.IsCompleted);

        // Act: the client goes away mid-answer.
        response.Dispose();

        // Assert: the model's token is cancelled, so generation stops and the model is freed.
        await generationCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Single(chat.Requests);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> GenerateUntilCancelledAsync(
        TaskCompletionSource started, TaskCompletionSource cancelled, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using CancellationTokenRegistration registration = cancellationToken.Register(() => cancelled.TrySetResult());
        yield return new ChatResponseUpdate(ChatRole.Assistant, "The cafeteria ");
        started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "never gets here [1].");
    }
}
