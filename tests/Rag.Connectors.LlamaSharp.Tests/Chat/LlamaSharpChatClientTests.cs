// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.Connectors.LlamaSharp.Tests.Chat;

public sealed class LlamaSharpChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetStreamingResponseAsync_TinyModel_StreamsTextAndUsage()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient();

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(TinyModel.Story(), TinyModel.Greedy(32), Ct))
        {
            updates.Add(update);
        }

        string text = string.Concat(updates.Select(u => u.Text));
        Assert.True(updates.Count(u => u.Text.Length > 0) >= 2, "expected several streamed text updates");
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.Contains(text, char.IsLetter);
        UsageDetails usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.True(usage.InputTokenCount > 4);
        Assert.Equal(32, usage.OutputTokenCount);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Length, updates[^1].FinishReason);
        Assert.All(updates, u => Assert.Equal("stories260K", u.ModelId));
    }

    [Fact]
    public async Task GetResponseAsync_MaxOutputTokens_GeneratesExactlyThatMany()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient();

        ChatResponse five = await client.GetResponseAsync(TinyModel.Story(), TinyModel.Greedy(5), Ct);
        ChatResponse forty = await client.GetResponseAsync(TinyModel.Story(), TinyModel.Greedy(40), Ct);

        Assert.Equal(5, five.Usage!.OutputTokenCount);
        Assert.Equal(40, forty.Usage!.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, five.FinishReason);
        Assert.True(forty.Text.Length > five.Text.Length);
        Assert.StartsWith(five.Text, forty.Text, StringComparison.Ordinal); // greedy: the short answer is a prefix of the long one
        var counter = (ITokenCounter)client.GetService(typeof(ITokenCounter))!;
        Assert.InRange(counter.CountTokens(five.Text), 1, 6);
    }

    [Fact]
    public async Task GetResponseAsync_StopSequence_EndsBeforeTheSequence()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient();
        string free = (await client.GetResponseAsync(TinyModel.Story(), TinyModel.Greedy(80), Ct)).Text;
        string[] words = free.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words.Length > 8, $"the model produced too little text: '{free}'");
        string stop = " " + words[6]; // a word in the middle of the greedy output
        int expectedLength = free.IndexOf(stop, StringComparison.Ordinal);

        ChatOptions options = TinyModel.Greedy(80);
        options.StopSequences = [stop];
        ChatResponse stopped = await client.GetResponseAsync(TinyModel.Story(), options, Ct);

        Assert.Equal(free[..expectedLength], stopped.Text);
        Assert.DoesNotContain(stop, stopped.Text, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
        Assert.True(stopped.Usage!.OutputTokenCount < 80);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CanceledMidStream_StopsWithinOneDecodingStep()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient(o => o.ContextSize = 2048);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        long atCancel = -1;
        int received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(TinyModel.Story(), TinyModel.Greedy(2000), cts.Token))
            {
                if (++received == 3)
                {
                    atCancel = client.GeneratedTokenCount;
                    await cts.CancelAsync();
                }
            }
        });

        long after = client.GeneratedTokenCount;
        Assert.InRange(atCancel, 3, 1999);
        Assert.InRange(after - atCancel, 0, 1); // at most the step that was running when the token fired
        Assert.True(after < 2000);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConsumerStopsEarly_GenerationStops()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient(o => o.ContextSize = 2048);

        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(TinyModel.Story(), TinyModel.Greedy(2000), Ct))
        {
            break;
        }

        long afterBreak = client.GeneratedTokenCount;
        await Task.Delay(50, Ct);
        Assert.Equal(afterBreak, client.GeneratedTokenCount);
        Assert.True(afterBreak < 2000);
    }

    [Fact]
    public async Task GetResponseAsync_AlreadyCanceled_Throws()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(TinyModel.Story(), TinyModel.Greedy(10), cts.Token));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task GetResponseAsync_TwoConcurrentRequests_BothComplete(int contexts)
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient(o => o.MaxConcurrentRequests = contexts);

        Task<ChatResponse> a = Task.Run(() => client.GetResponseAsync(TinyModel.Story("Once upon a time"), TinyModel.Greedy(60), Ct), Ct);
        Task<ChatResponse> b = Task.Run(() => client.GetResponseAsync(TinyModel.Story("Lily and Tom"), TinyModel.Greedy(60), Ct), Ct);
        ChatResponse[] both = await Task.WhenAll(a, b).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.All(both, r => Assert.Equal(60, r.Usage!.OutputTokenCount));
        Assert.All(both, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));

        // Same greedy answers as when run alone: concurrent requests do not disturb each other's KV cache.
        ChatResponse alone = await client.GetResponseAsync(TinyModel.Story("Lily and Tom"), TinyModel.Greedy(60), Ct);
        Assert.Equal(alone.Text, both[1].Text);
    }

    [Fact]
    public async Task GetResponseAsync_ShortRequestDuringLongOne_FinishesFirstWithTwoContexts()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient(o =>
        {
            o.ContextSize = 2048;
            o.MaxConcurrentRequests = 2;
        });
        using var started = new SemaphoreSlim(0);
        Task<int> longOne = Task.Run(async () =>
        {
            int updates = 0;
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(TinyModel.Story(), TinyModel.Greedy(1500), Ct))
            {
                if (++updates == 5)
                {
                    started.Release();
                }
            }

            return updates;
        }, Ct);
        await started.WaitAsync(Ct);

        ChatResponse shortOne = await client.GetResponseAsync(TinyModel.Story("Tom had a cat"), TinyModel.Greedy(10), Ct);

        Assert.Equal(10, shortOne.Usage!.OutputTokenCount);
        Assert.False(longOne.IsCompleted, "the short request waited for the long one (head-of-line blocking)");
        Assert.True(await longOne > 100);
    }

    [Fact]
    public async Task GetResponseAsync_WaiterCanceled_LeavesQueueAndOthersProceed()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient(o => o.ContextSize = 2048);
        using var holdFirst = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await using IAsyncEnumerator<ChatResponseUpdate> running = client.GetStreamingResponseAsync(TinyModel.Story(), TinyModel.Greedy(2000), holdFirst.Token).GetAsyncEnumerator(holdFirst.Token);
        Assert.True(await running.MoveNextAsync()); // the only context is now taken

        using var waiterCts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        Task<ChatResponse> waiter = client.GetResponseAsync(TinyModel.Story(), TinyModel.Greedy(5), waiterCts.Token);
        await Task.Delay(50, Ct);
        Assert.False(waiter.IsCompleted);
        await waiterCts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);

        await holdFirst.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await running.MoveNextAsync())
            {
            }
        });

        ChatResponse next = await client.GetResponseAsync(TinyModel.Story(), TinyModel.Greedy(5), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(5, next.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_QueueFull_RejectsAtOnce()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient(o =>
        {
            o.ContextSize = 2048;
            o.MaxQueuedRequests = 0;
        });
        using var holdFirst = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await using IAsyncEnumerator<ChatResponseUpdate> running = client.GetStreamingResponseAsync(TinyModel.Story(), TinyModel.Greedy(2000), holdFirst.Token).GetAsyncEnumerator(holdFirst.Token);
        Assert.True(await running.MoveNextAsync());

        ChatModelBusyException busy = await Assert.ThrowsAsync<ChatModelBusyException>(() => client.GetResponseAsync(TinyModel.Story(), TinyModel.Greedy(5), Ct));

        Assert.Contains("MaxQueuedRequests", busy.Message, StringComparison.Ordinal);
        Assert.Equal((1, 0), (busy.RunningRequests, busy.QueuedRequests));
        await holdFirst.CancelAsync();
    }

    [Fact]
    public async Task GetResponseAsync_PromptLongerThanContext_ThrowsWithTokenCounts()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient(o => o.ContextSize = 64);
        string longText = string.Join(' ', Enumerable.Repeat("Once upon a time there was a dog.", 20));

        ContextWindowExceededException e = await Assert.ThrowsAsync<ContextWindowExceededException>(() => client.GetResponseAsync(TinyModel.Story(longText), TinyModel.Greedy(5), Ct));

        Assert.Equal(64, e.ContextSize);
        Assert.True(e.PromptTokens > 64);
        Assert.Contains(e.PromptTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_LongOutput_StopsAtContextEnd()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient(o => o.ContextSize = 64);

        ChatResponse response = await client.GetResponseAsync(TinyModel.Story(), TinyModel.Greedy(1000), Ct);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.InRange(response.Usage!.TotalTokenCount!.Value, 60, 65);
    }

    [Fact]
    public void GetService_MetadataAndTokenCounter_Available()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient(o => o.ContextSize = 300);

        ChatClientMetadata metadata = Assert.IsType<ChatClientMetadata>(client.GetService(typeof(ChatClientMetadata)));
        ITokenCounter counter = Assert.IsAssignableFrom<ITokenCounter>(client.GetService(typeof(ITokenCounter)));

        Assert.Equal("llamasharp", metadata.ProviderName);
        Assert.Equal("stories260K", metadata.DefaultModelId);
        Assert.False(client.Host.IsLoaded); // GetService loads nothing
        Assert.Equal(300, counter.MaxTokens);
        Assert.Equal(4, counter.CountTokens("Once upon a time")); // 403 407 261 378 in the model's vocabulary, no BOS
        Assert.True(counter.CountTokens("Once upon a time, there was a little girl named Lily.") > 10);
        Assert.Equal(0, counter.CountTokens(string.Empty));
        Assert.Same(client, client.GetService(typeof(IChatClient)));
        Assert.Null(client.GetService(typeof(ChatClientMetadata), "key"));
    }

    [Fact]
    public async Task GetResponseAsync_RepeatedSystemPrompt_ReusesKvCacheWithSameOutput()
    {
        string system = string.Join(' ', Enumerable.Repeat("You tell short happy stories about a girl named Lily and her dog.", 8));
        ChatMessage[] first = [new(ChatRole.System, system), new(ChatRole.User, "Tell me about the park.")];
        ChatMessage[] second = [new(ChatRole.System, system), new(ChatRole.User, "Tell me about the sea.")];
        using LlamaSharpChatClient reusing = TinyModel.CreateClient();
        using LlamaSharpChatClient fresh = TinyModel.CreateClient(o => o.ReusePromptPrefix = false);

        await reusing.GetResponseAsync(first, TinyModel.Greedy(10), Ct);
        ChatResponse reused = await reusing.GetResponseAsync(second, TinyModel.Greedy(30), Ct);
        await fresh.GetResponseAsync(first, TinyModel.Greedy(10), Ct);
        ChatResponse recomputed = await fresh.GetResponseAsync(second, TinyModel.Greedy(30), Ct);

        Assert.True(reused.Usage!.CachedInputTokenCount > 100, $"cached {reused.Usage.CachedInputTokenCount} of {reused.Usage.InputTokenCount}");
        Assert.True(reused.Usage.CachedInputTokenCount < reused.Usage.InputTokenCount);
        Assert.Equal(0, recomputed.Usage!.CachedInputTokenCount);
        Assert.Equal(recomputed.Text, reused.Text); // reuse must not change the answer
    }

    [Fact]
    public async Task GetResponseAsync_SameSeed_SameSampledText()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient();
        ChatOptions Options(long seed) => new() { Temperature = 1.0f, TopK = 50, TopP = 0.95f, Seed = seed, MaxOutputTokens = 40 };

        string a = (await client.GetResponseAsync(TinyModel.Story(), Options(42), Ct)).Text;
        string b = (await client.GetResponseAsync(TinyModel.Story(), Options(42), Ct)).Text;
        string[] others = await Task.WhenAll(Enumerable.Range(1, 3).Select(async s => (await client.GetResponseAsync(TinyModel.Story(), Options(s), Ct)).Text));

        Assert.Equal(a, b);
        Assert.Contains(others, o => o != a);
    }

    [Fact]
    public async Task GetResponseAsync_PresencePenalty_ChangesGreedyOutput()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient();
        ChatOptions penalised = TinyModel.Greedy(60);
        penalised.PresencePenalty = 1.5f;
        penalised.FrequencyPenalty = 1.0f;

        string plain = (await client.GetResponseAsync(TinyModel.Story(), TinyModel.Greedy(60), Ct)).Text;
        string different = (await client.GetResponseAsync(TinyModel.Story(), penalised, Ct)).Text;

        Assert.NotEqual(plain, different);
    }

    [Fact]
    public async Task ContextPoolMeter_StreamAbandonedMidway_ReportsContextInUseThenReturned()
    {
        // Arrange: a model id of its own, so the pools of tests running alongside are not counted.
        string modelId = "meter-" + Guid.NewGuid().ToString("N");
        using LlamaSharpChatClient client = TinyModel.CreateClient(o => o.ModelId = modelId);
        IAsyncEnumerator<ChatResponseUpdate> running = client.GetStreamingResponseAsync(TinyModel.Story(), TinyModel.Greedy(200), Ct).GetAsyncEnumerator(Ct);
        Assert.True(await running.MoveNextAsync());

        // Act
        (int InUse, int Live) during = ReadContextPool(modelId);
        await running.DisposeAsync(); // the consumer walks away mid-answer
        (int InUse, int Live) after = ReadContextPool(modelId);

        // Assert
        Assert.Equal((1, 1), during);
        Assert.Equal((0, 1), after);
    }

    [Fact]
    public async Task Dispose_AfterUse_FreesNativeMemoryAndRejectsCalls()
    {
        LlamaSharpChatClient client = TinyModel.CreateClient();
        await client.GetResponseAsync(TinyModel.Story(), TinyModel.Greedy(5), Ct);
        LLama.LLamaWeights weights = client.Host.Weights!;

        client.Dispose();

        Assert.True(weights.NativeHandle.IsClosed);
        Assert.Equal(0, client.Host.LiveContextCount);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetResponseAsync(TinyModel.Story(), TinyModel.Greedy(5), Ct));
    }

    [Fact]
    public async Task Dispose_MidStream_StopsGenerationAndFreesContextWhenStreamEnds()
    {
        LlamaSharpChatClient client = TinyModel.CreateClient(o => o.ContextSize = 2048);
        IAsyncEnumerator<ChatResponseUpdate> running = client.GetStreamingResponseAsync(TinyModel.Story(), TinyModel.Greedy(2000), Ct).GetAsyncEnumerator(Ct);
        Assert.True(await running.MoveNextAsync());
        LLama.LLamaWeights weights = client.Host.Weights!;
        long before = client.GeneratedTokenCount;

        client.Dispose();

        Assert.False(weights.NativeHandle.IsClosed); // the open stream's context still references the model
        Assert.Equal(1, client.Host.LiveContextCount);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await running.MoveNextAsync());
        Assert.InRange(client.GeneratedTokenCount - before, 0, 1);
        await running.DisposeAsync();
        Assert.Equal(0, client.Host.LiveContextCount);
        Assert.True(weights.NativeHandle.IsClosed); // last reference gone: native model memory freed
    }

    // Reads the connector's context-pool meter for one model id.
    private static (int InUse, int Live) ReadContextPool(string modelId)
    {
        int inUse = -1, live = -1;
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Rag.Connectors.LlamaSharp")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag is { Key: "rag.model", Value: string id } && id == modelId && instrument.Name == "rag.llamasharp.contexts.in_use")
                {
                    inUse = value;
                }
                else if (tag is { Key: "rag.model", Value: string other } && other == modelId && instrument.Name == "rag.llamasharp.contexts.live")
                {
                    live = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return (inUse, live);
    }
}
