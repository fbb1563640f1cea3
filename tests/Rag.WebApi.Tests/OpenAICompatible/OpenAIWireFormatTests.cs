// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Rag.WebApi.Tests.OpenAICompatible;

/// <summary>The /v1 endpoints on the wire: the JSON and SSE shapes OpenAI clients parse, and OpenAI-style errors for bad requests.</summary>
public sealed class OpenAIWireFormatTests(ModelServerFactory server) : IClassFixture<ModelServerFactory>
{
    [Fact]
    public async Task ChatCompletions_Stream_WritesChunksThenFinishReasonThenUsageThenDone()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using HttpClient client = CreateClient();

        using HttpResponseMessage response = await client.PostAsync("chat/completions", Json(new
        {
            model = ModelServerFactory.ChatModelId,
            messages = new[] { new { role = "user", content = "Once upon a time" } },
            max_tokens = 8,
            temperature = 0,
            stream = true,
            stream_options = new { include_usage = true },
        }), ct);
        string body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        string[] events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        JsonElement[] chunks = [.. events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement)];
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("length", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        Assert.Equal(8, chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task ChatCompletions_NonStreaming_ReturnsCompletionObject()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using HttpClient client = CreateClient();

        using HttpResponseMessage response = await client.PostAsync("chat/completions", Json(new
        {
            model = ModelServerFactory.ChatModelId,
            messages = new object[]
            {
                new { role = "system", content = "You tell stories." },
                new { role = "user", content = new[] { new { type = "text", text = "Once upon a time" } } },
            },
            max_completion_tokens = 6,
        }), ct);
        JsonElement completion = await response.Content.ReadFromJsonAsync<JsonElement>(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("chat.completion", completion.GetProperty("object").GetString());
        JsonElement choice = completion.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.False(string.IsNullOrEmpty(choice.GetProperty("message").GetProperty("content").GetString()));
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        JsonElement usage = completion.GetProperty("usage");
        Assert.Equal(6, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 6, usage.GetProperty("total_tokens").GetInt32());
    }

    [Theory]
    [InlineData("""{"model":"stories260K"}""", 400, "messages", null)]
    [InlineData("""{"model":"stories260K","messages":[]}""", 400, "messages", null)]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", 400, "model", null)]
    [InlineData("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", 404, "model", "model_not_found")]
    [InlineData("""{"model":"stories260K","messages":[{"role":"tool","content":"hi"}]}""", 400, "messages[0].role", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":42}]}""", 400, "messages[0].content", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"temperature":3}""", 400, "temperature", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"max_tokens":0}""", 400, "max_tokens", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"stop":[1]}""", 400, "stop", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"n":2}""", 400, "n", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function"}]}""", 400, "tools", null)]
    [InlineData("""{not json""", 400, null, null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"\ud800 lone surrogate"}]}""", 400, "messages[0].content", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":[{"type":"text","text":"\udfff"}]}]}""", 400, "messages[0].content", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"stop":"\ud800"}""", 400, "stop", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"max_tokens":"many"}""", 400, "max_tokens", null)]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"string","pattern":"^a+$"}}}}""", 400, "response_format", "unsupported_schema")]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"stream":true,"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object","not":{}}}}}""", 400, "response_format", "unsupported_schema")]
    [InlineData("""{"model":"stories260K","messages":[{"role":"user","content":"hi"}],"max_tokens":2,"response_format":{"type":"json_object"}}""", 400, "max_tokens", "structured_output_truncated")]
    public async Task ChatCompletions_BadRequest_ReturnsOpenAIError(string json, int status, string? param, string? code)
    {
        using HttpClient client = CreateClient();

        (HttpStatusCode actual, JsonElement error) = await PostAsync(client, "chat/completions", json.Replace("stories260K", ModelServerFactory.ChatModelId, StringComparison.Ordinal));

        AssertError(error, status, actual, param, code);
    }

    [Fact]
    public async Task ChatCompletions_PromptLongerThanContext_Returns400ContextLengthExceeded()
    {
        using HttpClient client = CreateClient();
        string longPrompt = string.Join(' ', Enumerable.Repeat("Once upon a time there was a little dog.", 600));

        (HttpStatusCode status, JsonElement error) = await PostAsync(client, "chat/completions", JsonSerializer.Serialize(new
        {
            model = ModelServerFactory.ChatModelId,
            messages = new[] { new { role = "user", content = longPrompt } },
            stream = true,
        }));

        AssertError(error, 400, status, "messages", "context_length_exceeded");
    }

    [Theory]
    [InlineData("""{"model":"MODEL","input":""}""", 400, "input")]
    [InlineData("""{"model":"MODEL","input":[]}""", 400, "input")]
    [InlineData("""{"model":"MODEL","input":["ok","  "]}""", 400, "input")]
    [InlineData("""{"model":"MODEL","input":[[1,2,3]]}""", 400, "input")]
    [InlineData("""{"model":"MODEL"}""", 400, "input")]
    [InlineData("""{"model":"MODEL","input":"x","encoding_format":"int8"}""", 400, "encoding_format")]
    [InlineData("""{"model":"MODEL","input":"x","dimensions":12}""", 400, "dimensions")]
    [InlineData("""{"model":"text-embedding-3-small","input":"x"}""", 404, "model")]
    [InlineData("""{"model":"MODEL","input":["fine","\ud800"]}""", 400, "input")]
    public async Task Embeddings_BadRequest_ReturnsOpenAIError(string json, int status, string param)
    {
        using HttpClient client = CreateClient();
        string model = await EmbeddingModelAsync(client);

        (HttpStatusCode actual, JsonElement error) = await PostAsync(client, "embeddings", json.Replace("MODEL", model, StringComparison.Ordinal));

        AssertError(error, status, actual, param, null);
    }

    [Fact]
    public async Task Embeddings_FloatAndBase64_CarryTheSameVectorsWithIndexAndUsage()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using HttpClient client = CreateClient();
        string model = await EmbeddingModelAsync(client);
        string[] input = ["first passage", "second passage"];

        JsonElement floats = await (await client.PostAsync("embeddings", Json(new { model, input }), ct)).Content.ReadFromJsonAsync<JsonElement>(ct);
        JsonElement base64 = await (await client.PostAsync("embeddings", Json(new { model, input, encoding_format = "base64" }), ct)).Content.ReadFromJsonAsync<JsonElement>(ct);

        Assert.Equal("list", floats.GetProperty("object").GetString());
        Assert.Equal(model, floats.GetProperty("model").GetString());
        Assert.True(floats.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() >= 4);
        for (int i = 0; i < input.Length; i++)
        {
            JsonElement item = floats.GetProperty("data")[i];
            Assert.Equal(i, item.GetProperty("index").GetInt32());
            float[] vector = [.. item.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle())];
            float[] decoded = new float[vector.Length];
            Buffer.BlockCopy(Convert.FromBase64String(base64.GetProperty("data")[i].GetProperty("embedding").GetString()!), 0, decoded, 0, vector.Length * sizeof(float));
            Assert.Equal(384, vector.Length);
            Assert.Equal(vector, decoded);
        }
    }

    [Fact]
    public async Task Models_ListsTheChatAndEmbeddingModels()
    {
        using HttpClient client = CreateClient();

        JsonElement models = await client.GetFromJsonAsync<JsonElement>("models", TestContext.Current.CancellationToken);

        string?[] ids = [.. models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString())];
        Assert.Equal(2, ids.Length);
        Assert.Contains(ModelServerFactory.ChatModelId, ids);
    }

    [Fact]
    public async Task Model_ById_DescribesAServedModelAndRefusesAnUnknownOne()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using HttpClient client = CreateClient();

        JsonElement model = await client.GetFromJsonAsync<JsonElement>($"models/{ModelServerFactory.ChatModelId}", ct);
        using HttpResponseMessage unknown = await client.GetAsync("models/gpt-4o", ct);

        Assert.Equal(ModelServerFactory.ChatModelId, model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
        AssertError(await unknown.Content.ReadFromJsonAsync<JsonElement>(ct), 404, unknown.StatusCode, "model", "model_not_found");
    }

    [Fact]
    public async Task ChatCompletions_BodyOverTheLimit_Returns413OpenAIError()
    {
        // The limit is Knowledge:MaxRequestBodyBytes (1 MiB by default); the prompt is 2 MiB.
        CancellationToken ct = TestContext.Current.CancellationToken;
        using HttpClient client = CreateClient();
        string prompt = new('a', 2 * 1024 * 1024);

        (HttpStatusCode status, JsonElement error) = await PostAsync(client, "chat/completions", JsonSerializer.Serialize(new
        {
            model = ModelServerFactory.ChatModelId,
            messages = new[] { new { role = "user", content = prompt } },
        }));

        AssertError(error, 413, status, null, "request_too_large");
    }

    [Theory]
    [InlineData("GET", "nothing-here", 404)]
    [InlineData("DELETE", "models", 405)]
    public async Task UnknownRouteOrMethod_ReturnsOpenAIError(string method, string path, int status)
    {
        using HttpClient client = CreateClient();

        using HttpResponseMessage response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        AssertError(await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken), status, response.StatusCode, null, null);
    }

    [Fact]
    public async Task ClientErrors_LogNoStackTrace()
    {
        // Arrange: a spread of the client's mistakes, each answered with a 4xx.
        CancellationToken ct = TestContext.Current.CancellationToken;
        using HttpClient client = CreateClient();
        string model = ModelServerFactory.ChatModelId;
        string longPrompt = string.Join(' ', Enumerable.Repeat("Once upon a time there was a little dog.", 600));

        // Act
        (HttpStatusCode Status, JsonElement Error)[] answers =
        [
            await PostAsync(client, "chat/completions", """{"model":"MODEL","messages":[{"role":"user","content":"\ud800"}]}""".Replace("MODEL", model, StringComparison.Ordinal)),
            await PostAsync(client, "chat/completions", JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = longPrompt } } })),
            await PostAsync(client, "chat/completions", """{"model":"MODEL","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"string","pattern":"a"}}}}""".Replace("MODEL", model, StringComparison.Ordinal)),
            await PostAsync(client, "chat/completions", """{"model":"MODEL","messages":[{"role":"user","content":"hi"}],"max_tokens":2,"response_format":{"type":"json_object"}}""".Replace("MODEL", model, StringComparison.Ordinal)),
        ];

        // Assert
        Assert.All(answers, a => Assert.InRange((int)a.Status, 400, 499));
        Assert.DoesNotContain(server.Logs.Entries, e => e.Exception is not null);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("X-Api-Key", "wrong")]
    [InlineData("Authorization", "Bearer wrong")]
    [InlineData("Authorization", "Basic " + ModelServerFactory.Key)]
    public async Task Models_WithoutTheKey_Returns401OpenAIError(string? header, string? value)
    {
        using HttpClient client = CreateClient(authorize: false);
        if (header is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
        }

        using HttpResponseMessage response = await client.GetAsync("models", TestContext.Current.CancellationToken);
        JsonElement error = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        AssertError(error, 401, response.StatusCode, null, "invalid_api_key");
    }

    [Fact]
    public async Task Models_XApiKeyHeader_IsAcceptedLikeBearer()
    {
        using HttpClient client = CreateClient(authorize: false);
        client.DefaultRequestHeaders.Add("X-Api-Key", ModelServerFactory.Key);

        using HttpResponseMessage response = await client.GetAsync("models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private HttpClient CreateClient(bool authorize = true)
    {
        var client = new HttpClient { BaseAddress = server.Start() };
        if (authorize)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ModelServerFactory.Key);
        }

        return client;
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonElement Error)> PostAsync(HttpClient client, string path, string json)
    {
        using HttpResponseMessage response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));
    }

    private static async Task<string> EmbeddingModelAsync(HttpClient client)
    {
        JsonElement models = await client.GetFromJsonAsync<JsonElement>("models", TestContext.Current.CancellationToken);
        return models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Single(id => id != ModelServerFactory.ChatModelId);
    }

    private static void AssertError(JsonElement body, int expectedStatus, HttpStatusCode status, string? param, string? code)
    {
        Assert.Equal(expectedStatus, (int)status);
        JsonElement error = body.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        if (param is not null)
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
        }

        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }
    }
}
