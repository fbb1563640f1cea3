// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Rag.WebApi.Tests.Hosting;

/// <summary>Knowledge:EmbeddingModel takes the built-in catalog's names, and a wrong one stops the start with the choices.</summary>
public sealed class EmbeddingModelSettingTests
{
    [Theory]
    [InlineData("arctic-xs", "snowflake-arctic-embed-xs-int8")]
    [InlineData("ArcticEmbedXs", "snowflake-arctic-embed-xs-int8")]
    [InlineData("MINILM", "all-MiniLM-L6-v2")]
    public async Task Start_BuiltInModelName_RunsThatModel(string name, string expectedModelId)
    {
        await using var factory = new KnowledgeServiceFactory();
        await using WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b.UseSetting("Knowledge:EmbeddingModel", name));

        var embeddings = app.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        Assert.Equal(expectedModelId, embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Fact]
    public async Task Start_UnknownModelName_FailsNamingTheSettingAndTheChoices()
    {
        await using var factory = new KnowledgeServiceFactory();
        await using WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b.UseSetting("Knowledge:EmbeddingModel", "mini-lm-typo"));

        Exception ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        string message = ex.ToString();
        Assert.Contains("Knowledge:EmbeddingModel", message, StringComparison.Ordinal);
        Assert.Contains("minilm, arctic-xs", message, StringComparison.Ordinal);
    }
}
