// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ClientModel;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Rag.Connectors.OpenAI;
using ChatCompletionOptions = OpenAI.Chat.ChatCompletionOptions;

namespace Rag.WebApi.Tests.OpenAICompatible;

/// <summary>
/// Rag.Connectors.OpenAI's clients against the WebApi's /v1 endpoints over a real loopback socket, with the server's
/// real local models behind them: what the remote client returns must equal what the local model gives directly.
/// </summary>
public sealed class OpenAIConnectorLoopbackTests(ModelServerFactory server) : IClassFixture<ModelServerFactory>
{
    private static readonly ChatMessage[] s_story = [new(ChatRole.User, "Once upon a time")];

    [Fact]
    public async Task GetResponseAsync_Greedy_EqualsLocalModelTextWithUsage()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using IChatClient remote = CreateChatClient(server.Start());
        IChatClient local = server.Observed.Local;

        ChatResponse expected = await local.GetResponseAsync(s_story, Greedy(24), ct);
        ChatResponse actual = await remote.GetResponseAsync(s_story, Greedy(24), ct);

        Assert.False(string.IsNullOrWhiteSpace(actual.Text));
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.FinishReason, actual.FinishReason);
        Assert.Equal(ModelServerFactory.ChatModelId, actual.ModelId);
        Assert.Equal(expected.Usage?.InputTokenCount, actual.Usage?.InputTokenCount);
        Assert.Equal(expected.Usage?.OutputTokenCount, actual.Usage?.OutputTokenCount);
        Assert.InRange(actual.Usage!.OutputTokenCount!.Value, 1, 24);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Greedy_SeveralUpdatesConcatenateToNonStreamingText()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using IChatClient remote = CreateChatClient(server.Start());
        ChatResponse whole = await remote.GetResponseAsync(s_story, Greedy(32), ct);

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in remote.GetStreamingResponseAsync(s_story, Greedy(32), ct))
        {
            updates.Add(update);
        }

        ChatResponse streamed = updates.ToChatResponse();
        Assert.True(updates.Count(u => u.Text.Length > 0) >= 3, $"Expected several text updates, got {updates.Count(u => u.Text.Length > 0)}.");
        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.FinishReason, streamed.FinishReason);
        Assert.Equal(whole.Usage?.OutputTokenCount, streamed.Usage?.OutputTokenCount);
        Assert.Equal(whole.Usage?.InputTokenCount, streamed.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_StopSequenceAndMaxTokens_AreHonoured()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using IChatClient remote = CreateChatClient(server.Start());
        ChatResponse free = await remote.GetResponseAsync(s_story, Greedy(40), ct);
        string stop = free.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];

        ChatOptions options = Greedy(40);
        options.StopSequences = [stop];
        ChatResponse stopped = await remote.GetResponseAsync(s_story, options, ct);
        ChatResponse shortened = await remote.GetResponseAsync(s_story, Greedy(5), ct);

        Assert.Equal(free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
        Assert.Equal(5, shortened.Usage?.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, shortened.FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CancelledByClient_StopsServerSideGeneration()
    {
        // Arrange: a long answer (end-of-story ignored), paced so the client can leave while the model is still writing.
        CancellationToken ct = TestContext.Current.CancellationToken;
        using IChatClient remote = CreateChatClient(server.Start());
        server.Observed.Reset();
        server.Observed.Pace = TimeSpan.FromMilliseconds(20);
        ChatOptions options = Greedy(400);
        options.RawRepresentationFactory = _ => IgnoreEos();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(ct);
        int received = 0;
        try
        {
            // Act: leave after the third piece of text.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (ChatResponseUpdate update in remote.GetStreamingResponseAsync(s_story, options, cancellation.Token))
                {
                    if (update.Text.Length > 0 && ++received == 3)
                    {
                        await cancellation.CancelAsync();
                    }
                }
            });

            // Assert: the server's generation was cancelled long before its 400 tokens.
            StreamOutcome outcome = await server.Observed.NextStreamOutcome.WaitAsync(TimeSpan.FromSeconds(10), ct);
            Assert.True(outcome.Cancelled, $"The server-side stream was not cancelled: {outcome}.");
            Assert.False(outcome.Completed);
            Assert.True(outcome.Updates < 100, $"The server kept generating after the client left: {outcome.Updates} updates.");
        }
        finally
        {
            server.Observed.Pace = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task GetResponseAsync_WrongApiKey_ThrowsClientResultException401NamingTheKey()
    {
        using IChatClient remote = CreateChatClient(server.Start(), apiKey: "not-the-key");

        ClientResultException error = await Assert.ThrowsAsync<ClientResultException>(
            () => remote.GetResponseAsync(s_story, Greedy(4), TestContext.Current.CancellationToken));

        Assert.Equal(401, error.Status);
        Assert.Contains("invalid_api_key", error.Message, StringComparison.Ordinal);
        Assert.Contains("API key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_UnknownModel_ThrowsClientResultException404ListingServedModels()
    {
        using IChatClient remote = CreateChatClient(server.Start(), modelId: "gpt-4o");

        ClientResultException error = await Assert.ThrowsAsync<ClientResultException>(
            () => remote.GetResponseAsync(s_story, Greedy(4), TestContext.Current.CancellationToken));

        Assert.Equal(404, error.Status);
        Assert.Contains(ModelServerFactory.ChatModelId, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EmbeddingPurpose.Document)]
    [InlineData(EmbeddingPurpose.Query)]
    public async Task GenerateAsync_Remote_EqualsLocalVectorsForTheSamePurpose(EmbeddingPurpose purpose)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        Uri endpoint = server.Start();
        IEmbeddingGenerator<string, Embedding<float>> local = server.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        string modelId = local.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId!;
        using IEmbeddingGenerator<string, Embedding<float>> remote = OpenAIEmbeddingGeneratorFactory.Create(new OpenAIEmbeddingGeneratorOptions
        {
            Endpoint = endpoint,
            ModelId = modelId,
            ApiKey = ModelServerFactory.Key,
            SendInputType = true,
        });
        string[] texts = ["How many vacation days do new employees get?", "The cafeteria opens at eight.", "Ünïcödé café naïve résumé"];
        EmbeddingGenerationOptions options = new EmbeddingGenerationOptions().WithPurpose(purpose);

        GeneratedEmbeddings<Embedding<float>> expected = await local.GenerateAsync(texts, options, ct);
        GeneratedEmbeddings<Embedding<float>> actual = await remote.GenerateAsync(texts, options, ct);

        Assert.Equal(texts.Length, actual.Count);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(expected[i].Vector.Length, actual[i].Vector.Length);
            float cosine = TensorPrimitives.CosineSimilarity(expected[i].Vector.Span, actual[i].Vector.Span);
            Assert.True(cosine > 0.9999f, $"Text {i}: cosine {cosine} between remote and local vectors.");
        }

        Assert.Equal(modelId, remote.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Fact]
    public async Task GenerateAsync_WithoutInputType_EmbedsQueriesAsDocuments()
    {
        // The purpose only reaches the server when asked to send it: proof that SendInputType is what carries it.
        CancellationToken ct = TestContext.Current.CancellationToken;
        Uri endpoint = server.Start();
        IEmbeddingGenerator<string, Embedding<float>> local = server.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        using IEmbeddingGenerator<string, Embedding<float>> remote = OpenAIEmbeddingGeneratorFactory.Create(new OpenAIEmbeddingGeneratorOptions
        {
            Endpoint = endpoint,
            ModelId = local.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId,
            ApiKey = ModelServerFactory.Key,
        });
        string[] query = ["How many vacation days do new employees get?"];

        Embedding<float> asQuery = (await local.GenerateAsync(query, new EmbeddingGenerationOptions().WithPurpose(EmbeddingPurpose.Query), ct))[0];
        Embedding<float> asDocument = (await local.GenerateAsync(query, cancellationToken: ct))[0];
        Embedding<float> sent = (await remote.GenerateAsync(query, new EmbeddingGenerationOptions().WithPurpose(EmbeddingPurpose.Query), ct))[0];

        Assert.True(TensorPrimitives.CosineSimilarity(asDocument.Vector.Span, sent.Vector.Span) > 0.9999f);
        Assert.True(TensorPrimitives.CosineSimilarity(asQuery.Vector.Span, sent.Vector.Span) < 0.9999f, "The built-in model should embed queries differently from passages.");
    }

    internal static IChatClient CreateChatClient(Uri endpoint, string apiKey = ModelServerFactory.Key, string? modelId = null) =>
        OpenAIChatClientFactory.Create(new OpenAIChatOptions
        {
            Endpoint = endpoint,
            ModelId = modelId ?? ModelServerFactory.ChatModelId,
            ApiKey = apiKey,
            ContextWindowTokens = ModelServerFactory.ContextSize,
            MaxRetries = 0,
        });

    internal static ChatOptions Greedy(int maxOutputTokens) => new() { Temperature = 0, MaxOutputTokens = maxOutputTokens };

    // ignore_eos is the llama.cpp/vLLM extension the server honours; the OpenAI SDK adds unmodelled fields through JsonPatch.
#pragma warning disable SCME0001
    private static ChatCompletionOptions IgnoreEos()
    {
        var options = new ChatCompletionOptions();
        options.Patch.Set("$.ignore_eos"u8, true);
        return options;
    }
#pragma warning restore SCME0001
}
