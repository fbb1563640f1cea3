// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Rag.TestUtilities;
using Rag.WebApi.Endpoints;

namespace Rag.WebApi.Tests.Hostile;

/// <summary>The loopback service answering with the real stories260K GGUF model (generated, streamed answers).</summary>
public sealed class TinyModelLoopbackFactory : LoopbackServiceFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Knowledge:ModelPath", TestEnvironment.TinyLlamaModelPath);
    }
}

/// <summary>Alone in the run: it counts the process's open handles, which other tests' hosts and sockets would move.</summary>
[CollectionDefinition(nameof(StreamingDisconnectTests), DisableParallelization = true)]
public sealed class StreamingDisconnectCollection;

/// <summary>Many SSE clients that go away mid-answer: every model context and socket comes back.</summary>
[Collection(nameof(StreamingDisconnectTests))]
public sealed class StreamingDisconnectTests(TinyModelLoopbackFactory factory) : IClassFixture<TinyModelLoopbackFactory>
{
    private const int Clients = 50;

    [Fact]
    public async Task AskStream_FiftyClientsDisconnectMidStream_ContextsAndHandlesReturnToBaseline()
    {
        // Arrange: the real model; one upload indexed; a first round of disconnects warms every pool (model, contexts,
        // SQLite connections, Kestrel), so the baseline is the steady state a leak would grow from.
        CancellationToken ct = TestContext.Current.CancellationToken;
        TestEnvironment.RequireResource(TestEnvironment.TinyLlamaModelPath);
        Uri address = factory.Address;
        using (HttpClient client = CreateClient(address))
        {
            Assert.Equal("generated", (await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/info", ct)).GetProperty("answerMode").GetString());
            await KnowledgeApi.UploadAndIngestAsync(client, SampleDocument.FileName, SampleDocument.Content, ct);
            Assert.Equal("done", await AskToTheEndAsync(client, ct));
        }

        await DisconnectRoundAsync(address, ct);
        await WaitForIdleContextsAsync(ct);
        int handlesBefore = ProcessResources.OpenHandles();

        // Act
        (int sources, int done) = await DisconnectRoundAsync(address, ct);

        // Assert: each client saw the stream open; most left before the answer was done (mid-stream).
        Assert.Equal(Clients, sources);
        Assert.True(done < Clients / 2, $"{done} of {Clients} streams finished before their client left: not a mid-stream disconnect test.");
        (int inUse, int live) = await WaitForIdleContextsAsync(ct);
        Assert.Equal(0, inUse);
        Assert.Equal(1, live); // MaxConcurrentRequests = 1: disconnects neither leak nor multiply contexts
        int handlesAfter = await ProcessResources.WaitForAsync(ProcessResources.OpenHandles, h => h <= handlesBefore + 2, TimeSpan.FromSeconds(15), ct);
        Assert.True(handlesAfter <= handlesBefore + 2, $"Open handles grew from {handlesBefore} to {handlesAfter} after {Clients} disconnects.");

        // The pool still serves a whole answer.
        using HttpClient after = CreateClient(address);
        Assert.Equal("done", await AskToTheEndAsync(after, ct));
    }

    private static HttpClient CreateClient(Uri address) => new(new SocketsHttpHandler()) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

    private static async Task<(int Sources, int Done)> DisconnectRoundAsync(Uri address, CancellationToken cancellationToken)
    {
        // Half leave right after the sources (most are still queued for the model's one context), half after the first delta.
        string?[] lastEvents = await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => DisconnectAsync(address, afterDelta: i % 2 == 1, cancellationToken)));
        return (lastEvents.Count(e => e is not null), lastEvents.Count(e => e == "done"));
    }

    // Returns the last event read before leaving, or null if the stream never opened.
    private static async Task<string?> DisconnectAsync(Uri address, bool afterDelta, CancellationToken cancellationToken)
    {
        using HttpClient client = CreateClient(address);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask/stream") { Content = JsonContent.Create(new AskRequest(SampleDocument.Question)) };
        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        List<ServerSentEvent> events = await ServerSentEvent.ReadAsync(
            await response.Content.ReadAsStreamAsync(cancellationToken), e => e.Event == "done" || e.Event == (afterDelta ? "delta" : "sources"), cancellationToken);
        return events.Count == 0 ? null : events[^1].Event; // disposing the response here closes the socket mid-stream
    }

    private static async Task<string?> AskToTheEndAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask/stream") { Content = JsonContent.Create(new AskRequest(SampleDocument.Question)) };
        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        List<ServerSentEvent> events = await ServerSentEvent.ReadAsync(await response.Content.ReadAsStreamAsync(cancellationToken), null, cancellationToken);
        return events.Count == 0 ? null : events[^1].Event;
    }

    private static Task<(int InUse, int Live)> WaitForIdleContextsAsync(CancellationToken cancellationToken) =>
        ProcessResources.WaitForAsync(ProcessResources.LlamaContexts, c => c.InUse == 0, TimeSpan.FromSeconds(15), cancellationToken);
}
