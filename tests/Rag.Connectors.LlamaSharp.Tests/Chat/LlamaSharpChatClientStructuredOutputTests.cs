// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Grammars;

namespace Rag.Connectors.LlamaSharp.Tests.Chat;

/// <summary>ChatOptions.ResponseFormat through the client, on the real tiny model (which knows nothing of JSON).</summary>
public sealed class LlamaSharpChatClientStructuredOutputTests(ITestOutputHelper output)
{
    private const string PersonSchema = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "maxLength": 16 },
            "age": { "type": "integer" },
            "role": { "enum": ["admin", "user", "guest"] },
            "member": { "type": "boolean" },
            "tags": { "type": "array", "items": { "type": "string", "maxLength": 8 }, "maxItems": 3 },
            "home": {
              "type": "object",
              "properties": { "city": { "type": "string" }, "zip": { "type": "integer" } },
              "required": ["city"]
            }
          },
          "required": ["name", "age", "role", "home"]
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetResponseAsync_JsonSchema_TwentySeedsAllParseAndValidate()
    {
        // Arrange: "home.city" has no maxLength, so the client's default bound applies.
        using LlamaSharpChatClient client = TinyModel.CreateClient();
        using var schema = JsonDocument.Parse(PersonSchema);
        var invalid = new List<string>();
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var watch = new Stopwatch();
        long tokens = 0;

        // Act
        for (long seed = 1; seed <= 20; seed++)
        {
            var options = new ChatOptions
            {
                ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "person"),
                Seed = seed,
                Temperature = 1,
            };
            watch.Start();
            ChatResponse response = await client.GetResponseAsync(TinyModel.Story("Tell me about Lily."), options, Ct);
            watch.Stop();
            tokens += response.Usage!.OutputTokenCount ?? 0;
            output.WriteLine($"seed {seed} ({response.Usage.OutputTokenCount} tokens, {response.FinishReason}): {response.Text}");
            distinct.Add(response.Text);
            try
            {
                using var result = JsonDocument.Parse(response.Text);
                invalid.AddRange(JsonSchemaValidator.Validate(schema.RootElement, result.RootElement).Select(e => $"seed {seed}: {e}"));
            }
            catch (JsonException e)
            {
                invalid.Add($"seed {seed}: not JSON: {e.Message}");
            }

            Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        }

        output.WriteLine($"20 constrained generations: {watch.ElapsedMilliseconds} ms, {watch.ElapsedMilliseconds / 20.0:F1} ms each, {tokens / 20.0:F1} tokens each");

        // Assert
        Assert.Empty(invalid);
        Assert.True(distinct.Count > 1, "different seeds should give different outputs");
    }

    [Fact]
    public async Task GetResponseAsync_JsonWithoutSchema_ReturnsAJsonObject()
    {
        // A free-form object lets a model that never wants to stop nest and repeat up to the bounds, so they are tightened.
        using LlamaSharpChatClient client = TinyModel.CreateClient(o =>
        {
            o.ContextSize = 2048;
            o.StructuredOutputMaxStringLength = 24;
            o.StructuredOutputMaxArrayItems = 4;
        });

        for (long seed = 1; seed <= 3; seed++)
        {
            ChatResponse response = await client.GetResponseAsync(
                TinyModel.Story(), new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Seed = seed, Temperature = 1, MaxOutputTokens = 1900 }, Ct);

            output.WriteLine($"seed {seed} ({response.Usage!.OutputTokenCount} tokens): {response.Text}");
            using var result = JsonDocument.Parse(response.Text);
            Assert.Equal(JsonValueKind.Object, result.RootElement.ValueKind);
            Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        }
    }

    [Fact]
    public async Task GetStreamingResponseAsync_JsonSchema_StreamsPiecesThatJoinIntoValidJson()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient();
        using var schema = JsonDocument.Parse(PersonSchema);
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement), Seed = 7, Temperature = 1 };

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(TinyModel.Story(), options, Ct))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) > 5, "JSON output should stream token by token");
        using var result = JsonDocument.Parse(string.Concat(updates.Select(u => u.Text)));
        Assert.Empty(JsonSchemaValidator.Validate(schema.RootElement, result.RootElement));
    }

    [Fact]
    public async Task GetResponseAsync_TokenLimitBeforeGrammarCompletes_ThrowsStructuredOutputTruncated()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient();
        using var schema = JsonDocument.Parse(PersonSchema);
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement), MaxOutputTokens = 5 };

        StructuredOutputTruncatedException e = await Assert.ThrowsAsync<StructuredOutputTruncatedException>(
            () => client.GetResponseAsync(TinyModel.Story(), options, Ct));

        Assert.Equal(5, e.OutputTokens);
        Assert.Contains("MaxOutputTokens", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_IgnoreEosUnderGrammar_StillEndsWhenTheJsonIsComplete()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient();
        ChatOptions options = TinyModel.Greedy(400);
        options.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"]}""").RootElement);

        ChatResponse response = await client.GetResponseAsync(TinyModel.Story(), options, Ct);

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(JsonDocument.Parse(response.Text).RootElement.GetProperty("ok").ValueKind is JsonValueKind.True or JsonValueKind.False);
    }

    [Fact]
    public async Task GetResponseAsync_UnsupportedSchema_ThrowsNotSupportedNamingTheConstruct()
    {
        using LlamaSharpChatClient client = TinyModel.CreateClient();
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"code":{"type":"string","pattern":"^[A-Z]+$"}}}""");

        NotSupportedException e = await Assert.ThrowsAsync<NotSupportedException>(
            () => client.GetResponseAsync(TinyModel.Story(), new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement) }, Ct));

        Assert.Contains("pattern", e.Message, StringComparison.Ordinal);
        Assert.Contains("#/properties/code/pattern", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.GeneratedTokenCount);
    }
}
