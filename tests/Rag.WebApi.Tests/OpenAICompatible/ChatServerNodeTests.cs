// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Rag.WebApi.Endpoints;

namespace Rag.WebApi.Tests.OpenAICompatible;

/// <summary>Node B: a WebApi whose Knowledge:ChatServer points at node A's /v1, so its answers are generated on node A's model.</summary>
public sealed class ChatServerNodeTests(ModelServerFactory modelServer) : IClassFixture<ModelServerFactory>
{
    [Fact]
    public async Task Ask_NodeWithChatServer_AnswersWithTheModelServersModel()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        Uri endpoint = modelServer.Start();
        await using var node = new ChatServerNodeFactory(new Dictionary<string, string?>
        {
            ["Knowledge:ChatServer:Endpoint"] = endpoint.AbsoluteUri,
            ["Knowledge:ChatServer:ModelId"] = ModelServerFactory.ChatModelId,
            ["Knowledge:ChatServer:ApiKey"] = ModelServerFactory.Key,
            ["Knowledge:ChatServer:ContextWindowTokens"] = ModelServerFactory.ContextSize.ToString(CultureInfo.InvariantCulture),
            ["Knowledge:ChatServer:EstimatedCharactersPerToken"] = "1",
        });
        using HttpClient client = node.CreateClient();
        await KnowledgeApi.UploadAndIngestAsync(client, SampleDocument.FileName, SampleDocument.Content, ct);

        JsonElement info = await client.GetFromJsonAsync<JsonElement>("/api/info", ct);
        using HttpResponseMessage response = await client.PostAsJsonAsync("/api/ask", new AskRequest(SampleDocument.Question), ct);
        JsonElement answer = await response.Content.ReadFromJsonAsync<JsonElement>(ct);

        Assert.Equal("generated", info.GetProperty("answerMode").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(answer.GetProperty("isExtractive").GetBoolean());
        Assert.True(answer.GetProperty("outputTokens").GetInt64() > 0, "The model server's usage should reach node B's answer.");
    }

    [Theory]
    [InlineData("Knowledge:ChatServer:ModelId", null, "ModelId")]
    [InlineData("Knowledge:ChatServer:ModelId", "qwen", "ModelPath")]
    public void Start_InvalidChatServerConfiguration_FailsNamingTheSetting(string key, string? value, string named)
    {
        var settings = new Dictionary<string, string?> { ["Knowledge:ChatServer:Endpoint"] = "http://gpu-box:5080/v1", [key] = value };
        if (named == "ModelPath")
        {
            settings["Knowledge:ModelPath"] = "model.gguf";
        }

        using var node = new ChatServerNodeFactory(settings);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => node.CreateClient());

        Assert.Contains("Knowledge:ChatServer", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private sealed class ChatServerNodeFactory(IReadOnlyDictionary<string, string?> settings) : KnowledgeServiceFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach ((string key, string? value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
