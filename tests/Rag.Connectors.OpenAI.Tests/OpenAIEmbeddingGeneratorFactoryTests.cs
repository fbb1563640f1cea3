// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Rag.Connectors.OpenAI.Tests;

public sealed class OpenAIEmbeddingGeneratorFactoryTests
{
    private const string Embeddings = """
        {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8,0.0]}],"model":"arctic","usage":{"prompt_tokens":2,"total_tokens":2}}
        """;

    [Fact]
    public void GetService_Defaults_GiveRagAnEstimatingCounterAndTheModelId()
    {
        using IEmbeddingGenerator<string, Embedding<float>> generator = OpenAIEmbeddingGeneratorFactory.Create(OpenAIEndpointOptionsTests.ValidEmbeddings());

        ITokenCounter counter = generator.GetService<ITokenCounter>()!;
        Assert.Equal(512, counter.MaxTokens);
        Assert.Equal(3, counter.CountTokens("twelve chars"));
        Assert.Equal("arctic", generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        Assert.Null(generator.GetService<EmbeddingModelInfo>());
        Assert.Null(generator.GetService<RelevanceCalibration>());
    }

    [Fact]
    public void GetService_ConfiguredModel_ExposesIdentityAndCalibration()
    {
        OpenAIEmbeddingGeneratorOptions options = OpenAIEndpointOptionsTests.ValidEmbeddings();
        options.Dimensions = 384;
        options.MaxInputTokens = 8191;
        options.RelevanceCalibration = new RelevanceCalibration(0.45, 0.62);

        using IEmbeddingGenerator<string, Embedding<float>> generator = OpenAIEmbeddingGeneratorFactory.Create(options);

        Assert.Equal(new EmbeddingModelInfo("arctic", 384), generator.GetService<EmbeddingModelInfo>());
        Assert.Equal(384, generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
        Assert.Equal(new RelevanceCalibration(0.45, 0.62), generator.GetService<RelevanceCalibration>());
        Assert.Equal(8191, generator.GetService<ITokenCounter>()?.MaxTokens);
    }

    [Theory]
    [InlineData(true, EmbeddingPurpose.Query, "query")]
    [InlineData(true, EmbeddingPurpose.Document, "document")]
    [InlineData(false, EmbeddingPurpose.Query, null)]
    public async Task GenerateAsync_SendInputType_CarriesThePurpose(bool send, EmbeddingPurpose purpose, string? expected)
    {
        using var server = new RecordingServer(Embeddings);
        OpenAIEmbeddingGeneratorOptions options = OpenAIEndpointOptionsTests.ValidEmbeddings();
        options.Endpoint = server.Endpoint;
        options.SendInputType = send;
        using IEmbeddingGenerator<string, Embedding<float>> generator = OpenAIEmbeddingGeneratorFactory.Create(options);

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(
            ["vacation days"], new EmbeddingGenerationOptions().WithPurpose(purpose), TestContext.Current.CancellationToken);

        Assert.Equal([0.6f, 0.8f, 0f], result[0].Vector.ToArray());
        RecordedRequest request = Assert.Single(server.Requests);
        Assert.Equal("/v1/embeddings", request.Path);
        JsonElement body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("arctic", body.GetProperty("model").GetString());
        Assert.Equal(expected, body.TryGetProperty("input_type", out JsonElement inputType) ? inputType.GetString() : null);
        Assert.False(body.TryGetProperty("dimensions", out _), "No dimensions were configured, so none may be asked for.");
    }
}
