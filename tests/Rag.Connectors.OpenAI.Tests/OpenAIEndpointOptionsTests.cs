// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.OpenAI.Tests;

public sealed class OpenAIEndpointOptionsTests
{
    public static TheoryData<string, Action<OpenAIChatOptions>> InvalidChatOptions => new()
    {
        { "Endpoint", o => o.Endpoint = null },
        { "Endpoint", o => o.Endpoint = new Uri("/v1", UriKind.Relative) },
        { "Endpoint", o => o.Endpoint = new Uri("ftp://gpu-box/v1") },
        { "Endpoint", o => o.Endpoint = new Uri("http://gpu-box/v1?key=secret") },
        { "ModelId", o => o.ModelId = null },
        { "ModelId", o => o.ModelId = " " },
        { "ApiKey", o => o.ApiKey = "" },
        { "Timeout", o => o.Timeout = TimeSpan.Zero },
        { "MaxRetries", o => o.MaxRetries = -1 },
        { "ContextWindowTokens", o => o.ContextWindowTokens = 100 },
        { "EstimatedCharactersPerToken", o => o.EstimatedCharactersPerToken = 0 },
        { "EstimatedCharactersPerToken", o => o.EstimatedCharactersPerToken = double.NaN },
    };

    public static TheoryData<string, Action<OpenAIEmbeddingGeneratorOptions>> InvalidEmbeddingOptions => new()
    {
        { "Endpoint", o => o.Endpoint = null },
        { "ModelId", o => o.ModelId = "" },
        { "Dimensions", o => o.Dimensions = 0 },
        { "MaxInputTokens", o => o.MaxInputTokens = 8 },
        { "EstimatedCharactersPerToken", o => o.EstimatedCharactersPerToken = 20 },
        { "RelevanceCalibration", o => o.RelevanceCalibration = new RelevanceCalibration(0.4, 1.5) },
    };

    [Theory]
    [MemberData(nameof(InvalidChatOptions))]
    public void Create_InvalidChatOption_ThrowsArgumentExceptionNamingIt(string option, Action<OpenAIChatOptions> spoil)
    {
        OpenAIChatOptions options = ValidChat();
        spoil(options);

        ArgumentException error = Assert.Throws<ArgumentException>(() => OpenAIChatClientFactory.Create(options));

        Assert.Equal(option, error.ParamName);
        Assert.Contains($"OpenAIChatOptions.{option}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InvalidEmbeddingOptions))]
    public void Create_InvalidEmbeddingOption_ThrowsArgumentExceptionNamingIt(string option, Action<OpenAIEmbeddingGeneratorOptions> spoil)
    {
        OpenAIEmbeddingGeneratorOptions options = ValidEmbeddings();
        spoil(options);

        ArgumentException error = Assert.Throws<ArgumentException>(() => OpenAIEmbeddingGeneratorFactory.Create(options));

        Assert.Equal(option, error.ParamName);
        Assert.Contains($"OpenAIEmbeddingGeneratorOptions.{option}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MissingEndpoint_SaysWhatToSet()
    {
        OpenAIChatOptions options = ValidChat();
        options.Endpoint = null;

        ArgumentException error = Assert.Throws<ArgumentException>(() => OpenAIChatClientFactory.Create(options));

        Assert.Contains("http://gpu-box:5080/v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ValidOptionsWithInfiniteTimeout_Succeeds()
    {
        OpenAIChatOptions options = ValidChat();
        options.Timeout = Timeout.InfiniteTimeSpan;

        using Microsoft.Extensions.AI.IChatClient client = OpenAIChatClientFactory.Create(options);

        Assert.NotNull(client);
    }

    internal static OpenAIChatOptions ValidChat() => new() { Endpoint = new Uri("http://gpu-box:5080/v1"), ModelId = "qwen" };

    internal static OpenAIEmbeddingGeneratorOptions ValidEmbeddings() => new() { Endpoint = new Uri("http://gpu-box:5080/v1"), ModelId = "arctic" };
}
