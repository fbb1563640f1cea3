// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Grammars;
using Rag.Connectors.LlamaSharp.Tests.Tools;
using Rag.Connectors.LlamaSharp.Tools;

namespace Rag.Connectors.LlamaSharp.Tests.Chat;

/// <summary>ChatOptions.Tools through the client, on the real tiny model, which knows nothing of tools: the grammar gives the shape.</summary>
public sealed class LlamaSharpChatClientToolCallingTests(ToolClientFixture fixture, ITestOutputHelper output) : IClassFixture<ToolClientFixture>
{
    private const string Question = "Tim wanted to know the weather.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatMessage[] Conversation => [new(ChatRole.User, Question)];

    [Fact]
    public async Task GetResponseAsync_ToolModeRequireAny_TwentySeedsAllCallAnOfferedFunctionWithValidArguments()
    {
        // Arrange
        LlamaSharpChatClient client = fixture.Client;
        var called = new HashSet<string>(StringComparer.Ordinal);
        var watch = new Stopwatch();

        for (long seed = 1; seed <= 20; seed++)
        {
            // Act
            watch.Start();
            ChatResponse response = await client.GetResponseAsync(Conversation, Options(ChatToolMode.RequireAny, seed), Ct);
            watch.Stop();

            // Assert
            FunctionCallContent call = Assert.IsType<FunctionCallContent>(Assert.Single(Assert.Single(response.Messages).Contents));
            output.WriteLine($"seed {seed} ({response.Usage!.OutputTokenCount} tokens): {call.Name}({Json(call.Arguments)})");
            Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
            Assert.Equal(ChatRole.Assistant, response.Messages[0].Role);
            Assert.False(string.IsNullOrEmpty(call.CallId));
            AssertValidArguments(call, seed);
            called.Add(call.Name);
        }

        output.WriteLine($"functions called: {string.Join(", ", called)}; {watch.ElapsedMilliseconds / 20.0:F1} ms per call");
    }

    [Fact]
    public async Task GetResponseAsync_RequireSpecificFunction_CallsThatFunction()
    {
        LlamaSharpChatClient client = fixture.Client;

        for (long seed = 1; seed <= 5; seed++)
        {
            ChatResponse response = await client.GetResponseAsync(Conversation, Options(ChatToolMode.RequireSpecific("search_documents"), seed), Ct);

            FunctionCallContent call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages[0].Contents));
            Assert.Equal("search_documents", call.Name);
            AssertValidArguments(call, seed);
        }
    }

    [Fact]
    public async Task GetResponseAsync_ToolModeNone_AnswersWithTextAndNoToolsPrompt()
    {
        LlamaSharpChatClient client = fixture.Client;
        PromptCapture capture = fixture.Capture;

        ChatResponse response = await client.GetResponseAsync(Conversation, Options(ChatToolMode.None, seed: 1, maxOutputTokens: 30), Ct);

        Assert.IsType<TextContent>(Assert.Single(response.Messages[0].Contents));
        Assert.DoesNotContain(response.Messages.SelectMany(m => m.Contents), c => c is FunctionCallContent);
        Assert.NotEqual(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.DoesNotContain("get_weather", capture.LastPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ToolModeAuto_EveryResponseIsAValidCallOrAPlainAnswer()
    {
        LlamaSharpChatClient client = fixture.Client;
        int calls = 0;
        int answers = 0;

        for (long seed = 1; seed <= 6; seed++)
        {
            ChatResponse response = await client.GetResponseAsync(Conversation, Options(ChatToolMode.Auto, seed, maxOutputTokens: 30), Ct);

            IList<AIContent> contents = Assert.Single(response.Messages).Contents;
            if (contents.All(c => c is FunctionCallContent))
            {
                calls++;
                Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
                Assert.All(contents, c => AssertValidArguments((FunctionCallContent)c, seed));
            }
            else
            {
                answers++;
                Assert.False(response.Text.TrimStart().StartsWith('<'), $"seed {seed}: a failed call came back as text: {response.Text}");
            }
        }

        output.WriteLine($"{calls} calls, {answers} answers");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolModeRequireAny_YieldsTheCallAsOneUpdate()
    {
        LlamaSharpChatClient client = fixture.Client;

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Conversation, Options(ChatToolMode.RequireAny, seed: 4), Ct))
        {
            updates.Add(update);
        }

        Assert.All(updates, u => Assert.Equal(string.Empty, u.Text)); // no call text leaks out as text
        ChatResponseUpdate withCall = Assert.Single(updates, u => u.Contents.OfType<FunctionCallContent>().Any());
        AssertValidArguments(Assert.Single(withCall.Contents.OfType<FunctionCallContent>()), 4);
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolModeAutoAnswer_StreamsTheAnswerTokenByToken()
    {
        LlamaSharpChatClient client = fixture.Client;

        // Find a seed whose greedy-free answer is text, then check that it streamed (not held back to the end).
        for (long seed = 1; seed <= 20; seed++)
        {
            List<ChatResponseUpdate> updates = [];
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Conversation, Options(ChatToolMode.Auto, seed, maxOutputTokens: 40), Ct))
            {
                updates.Add(update);
            }

            if (updates.SelectMany(u => u.Contents).Any(c => c is FunctionCallContent))
            {
                continue;
            }

            Assert.True(updates.Count(u => u.Text.Length > 0) > 3, $"seed {seed}: the answer should stream");
            return;
        }

        Assert.Fail("No seed produced a plain answer in auto mode.");
    }

    [Fact]
    public async Task GetResponseAsync_Llama3Style_CallIsBareJsonWithParameters()
    {
        using var capture = new PromptCapture();
        using LlamaSharpChatClient client = CreateClient(capture, o => o.ToolPromptStyle = ToolPromptStyle.Llama3);

        ChatResponse response = await client.GetResponseAsync(Conversation, Options(ChatToolMode.RequireAny, seed: 2), Ct);

        AssertValidArguments(Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages[0].Contents)), 2);
        Assert.Contains("\"parameters\"", capture.LastPrompt, StringComparison.Ordinal);
        Assert.DoesNotContain("<tool_call>", capture.LastPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_HistoryWithCallAndResult_RendersThemInThePrompt()
    {
        // Arrange: the tiny model has no template, so the ChatML fallback applies and the Qwen style is detected.
        LlamaSharpChatClient client = fixture.Client;
        PromptCapture capture = fixture.Capture;
        ChatMessage[] history =
        [
            new(ChatRole.User, Question),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Oslo", ["unit"] = "Celsius" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "Oslo: rain, 4 degrees")]),
        ];

        // Act
        await client.GetResponseAsync(history, Options(ChatToolMode.Auto, seed: 1, maxOutputTokens: 8), Ct);

        // Assert
        string prompt = capture.LastPrompt;
        output.WriteLine(prompt);
        Assert.Equal(ToolPromptStyle.Qwen, client.Host.ToolStyle);
        Assert.StartsWith("<|im_start|>system\n# Tools", prompt, StringComparison.Ordinal);
        Assert.Contains("<|im_start|>assistant\n<tool_call>\n{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\",\"unit\":\"Celsius\"}}\n</tool_call><|im_end|>", prompt, StringComparison.Ordinal);
        Assert.Contains("<|im_start|>user\n<tool_response>\nOslo: rain, 4 degrees\n</tool_response><|im_end|>", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_GenericStyleResult_UsesTheTemplatesToolRole()
    {
        using var capture = new PromptCapture();
        using LlamaSharpChatClient client = CreateClient(capture, o => o.ToolPromptStyle = ToolPromptStyle.Generic);
        ChatMessage[] history =
        [
            new(ChatRole.User, Question),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_time", new Dictionary<string, object?>())]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "12:00")]),
        ];

        await client.GetResponseAsync(history, Options(ChatToolMode.Auto, seed: 1, maxOutputTokens: 8), Ct);

        Assert.Contains("<|im_start|>tool\nResult of get_time (call call_1):\n12:00<|im_end|>", capture.LastPrompt, StringComparison.Ordinal);
        Assert.True(client.Host.SupportsRole("tool"));
    }

    [Fact]
    public async Task GetResponseAsync_RequiredFunctionNotOffered_ThrowsBeforeGenerating()
    {
        LlamaSharpChatClient client = fixture.Client;
        long before = client.GeneratedTokenCount;

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => client.GetResponseAsync(Conversation, Options(ChatToolMode.RequireSpecific("launch_rocket"), seed: 1), Ct));
        Assert.Equal(before, client.GeneratedTokenCount);
    }

    internal static LlamaSharpChatClient CreateClient(PromptCapture? capture = null, Action<LlamaSharpChatOptions>? configure = null) =>
        TinyModel.CreateClient(
            o =>
            {
                // The tools prompt alone is a few hundred tokens of the tiny model's vocabulary.
                o.ContextSize = 2048;
                o.StructuredOutputMaxStringLength = 12;
                configure?.Invoke(o);
            },
            capture);

    internal static void AssertValidArguments(FunctionCallContent call, long seed)
    {
        AIFunctionDeclaration function = Assert.Single(SampleTools.All, f => f.Name == call.Name);
        string arguments = Json(call.Arguments);
        using var document = JsonDocument.Parse(arguments);
        IReadOnlyList<string> errors = JsonSchemaValidator.Validate(function.JsonSchema, document.RootElement);
        Assert.True(errors.Count == 0, $"seed {seed}: {call.Name}({arguments}): {string.Join("; ", errors)}");
    }

    private static ChatOptions Options(ChatToolMode mode, long seed, int maxOutputTokens = 400) => new()
    {
        Tools = [.. SampleTools.All.Cast<AITool>()],
        ToolMode = mode,
        Seed = seed,
        Temperature = 1,
        MaxOutputTokens = maxOutputTokens,
    };

    private static string Json(IDictionary<string, object?>? arguments) =>
        JsonSerializer.Serialize(arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);
}
