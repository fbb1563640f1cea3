// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Rag.Connectors.OpenAI.Tests;

public sealed class OpenAIChatClientFactoryTests
{
    private const string Completion = """
        {"id":"c1","object":"chat.completion","created":1,"model":"qwen","choices":[{"index":0,"message":{"role":"assistant","content":"Seven days."},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}
        """;

    [Fact]
    public void GetService_WithoutContextWindow_HasNoTokenCounter()
    {
        using IChatClient client = OpenAIChatClientFactory.Create(OpenAIEndpointOptionsTests.ValidChat());

        Assert.Null(client.GetService<ITokenCounter>());
        Assert.Equal("qwen", client.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void GetService_WithContextWindow_EstimatesTokensWithinIt()
    {
        OpenAIChatOptions options = OpenAIEndpointOptionsTests.ValidChat();
        options.ContextWindowTokens = 2048;
        options.EstimatedCharactersPerToken = 2;

        using IChatClient client = OpenAIChatClientFactory.Create(options);
        options.ContextWindowTokens = 99_999; // the client holds a copy

        ITokenCounter counter = client.GetService<ITokenCounter>()!;
        Assert.Equal(2048, counter.MaxTokens);
        Assert.Equal(3, counter.CountTokens("abcde"));
        Assert.Equal(0, counter.CountTokens(string.Empty));
        Assert.Same(client, client.GetService<object>());
    }

    [Fact]
    public async Task GetResponseAsync_SendsModelSamplingAndBearerKey()
    {
        using var server = new RecordingServer(Completion);
        OpenAIChatOptions options = OpenAIEndpointOptionsTests.ValidChat();
        options.Endpoint = server.Endpoint;
        options.ApiKey = "secret";
        using IChatClient client = OpenAIChatClientFactory.Create(options);

        ChatResponse response = await client.GetResponseAsync(
            "How many days?",
            new ChatOptions { MaxOutputTokens = 12, Temperature = 0.5f, TopP = 0.9f, StopSequences = ["\n"] },
            TestContext.Current.CancellationToken);

        Assert.Equal("Seven days.", response.Text);
        Assert.Equal(3, response.Usage?.OutputTokenCount);
        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer secret", request.Authorization);
        JsonElement body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("qwen", body.GetProperty("model").GetString());
        Assert.Equal(0.5f, body.GetProperty("temperature").GetSingle());
        Assert.Equal(0.9f, body.GetProperty("top_p").GetSingle());
        Assert.Equal(12, (body.TryGetProperty("max_completion_tokens", out JsonElement max) ? max : body.GetProperty("max_tokens")).GetInt32());
    }

    [Fact]
    public async Task GetResponseAsync_NoApiKey_SendsNoAuthorizationHeader()
    {
        using var server = new RecordingServer(Completion);
        OpenAIChatOptions options = OpenAIEndpointOptionsTests.ValidChat();
        options.Endpoint = server.Endpoint;
        using IChatClient client = OpenAIChatClientFactory.Create(options);

        await client.GetResponseAsync("Hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(Assert.Single(server.Requests).Authorization);
    }
}
