// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Grammars;
using Rag.Connectors.LlamaSharp.Tools;

namespace Rag.Connectors.LlamaSharp.Tests.Tools;

/// <summary>Tool calling decoded by the real tiny model, which knows nothing of tools: the grammar guarantees the shape.</summary>
public sealed class ToolCallDecodingTests(GrammarDecodingModel model, ITestOutputHelper output) : IClassFixture<GrammarDecodingModel>
{
    // The tiny model's context is 512 tokens, too small for the tools prompt, so a short story prompt is used.
    private const string Prompt = "Tim wanted to know the weather.";

    private static readonly JsonGrammarOptions s_bounds = new() { MaxWhitespace = 1, MaxStringLength = 12 };

    [Theory]
    [InlineData(ToolPromptStyle.Qwen)]
    [InlineData(ToolPromptStyle.Llama3)]
    [InlineData(ToolPromptStyle.Generic)]
    public async Task GenerateAsync_ToolModeRequired_TwentySeedsAllCallAnOfferedFunctionWithValidArguments(ToolPromptStyle style)
    {
        // Arrange
        ConstrainedDecodingPlan plan = ConstrainedDecodingPlan.Create(
            new ChatOptions { Tools = [.. SampleTools.All.Cast<AITool>()], ToolMode = ChatToolMode.RequireAny }, style, s_bounds);
        var called = new HashSet<string>(StringComparer.Ordinal);

        for (uint seed = 1; seed <= 20; seed++)
        {
            // Act
            Generation generation = await model.GenerateAsync(Prompt, plan.Grammar!, seed, maxTokens: 300, TestContext.Current.CancellationToken);
            output.WriteLine($"seed {seed} ({generation.Tokens} tokens): {generation.Text}");

            // Assert
            Assert.True(generation.Completed, $"seed {seed}: truncated: {generation.Text}");
            FunctionCallContent call = Assert.IsType<FunctionCallContent>(Assert.Single(plan.ParseResponse(generation.Text)));
            AssertValidArguments(call, seed);
            called.Add(call.Name);
        }

        output.WriteLine("functions called: " + string.Join(", ", called));
    }

    [Fact]
    public async Task GenerateAsync_RequireSpecificFunction_AlwaysCallsThatFunction()
    {
        ConstrainedDecodingPlan plan = ConstrainedDecodingPlan.Create(
            new ChatOptions { Tools = [.. SampleTools.All.Cast<AITool>()], ToolMode = ChatToolMode.RequireSpecific("search_documents") }, ToolPromptStyle.Qwen, s_bounds);

        for (uint seed = 1; seed <= 10; seed++)
        {
            Generation generation = await model.GenerateAsync(Prompt, plan.Grammar!, seed, maxTokens: 300, TestContext.Current.CancellationToken);

            Assert.True(generation.Completed, $"seed {seed}: truncated: {generation.Text}");
            FunctionCallContent call = Assert.IsType<FunctionCallContent>(Assert.Single(plan.ParseResponse(generation.Text)));
            Assert.Equal("search_documents", call.Name);
            AssertValidArguments(call, seed);
        }
    }

    [Fact]
    public async Task GenerateAsync_ParallelCallsAllowed_EveryCallIsValid()
    {
        ConstrainedDecodingPlan plan = ConstrainedDecodingPlan.Create(
            new ChatOptions { Tools = [.. SampleTools.All.Cast<AITool>()], ToolMode = ChatToolMode.RequireAny, AllowMultipleToolCalls = true },
            ToolPromptStyle.Qwen,
            new JsonGrammarOptions { MaxWhitespace = 1, MaxStringLength = 6 });

        for (uint seed = 1; seed <= 5; seed++)
        {
            Generation generation = await model.GenerateAsync(Prompt, plan.Grammar!, seed, maxTokens: 480, TestContext.Current.CancellationToken);

            Assert.True(generation.Completed, $"seed {seed}: truncated: {generation.Text}");
            IList<AIContent> contents = plan.ParseResponse(generation.Text);
            Assert.InRange(contents.Count, 1, 4);
            Assert.All(contents, c => AssertValidArguments(Assert.IsType<FunctionCallContent>(c), seed));
        }
    }

    [Theory]
    [InlineData(ToolPromptStyle.Qwen)]
    [InlineData(ToolPromptStyle.Llama3)]
    public async Task GenerateAsync_ToolModeAuto_EveryOutputIsAValidCallOrAPlainAnswer(ToolPromptStyle style)
    {
        // Arrange
        ConstrainedDecodingPlan plan = ConstrainedDecodingPlan.Create(new ChatOptions { Tools = [.. SampleTools.All.Cast<AITool>()] }, style, s_bounds);
        int calls = 0;
        int answers = 0;

        for (uint seed = 1; seed <= 10; seed++)
        {
            // Act: answers are free text, so they may run to the token cap; calls must complete.
            Generation generation = await model.GenerateAsync(Prompt, plan.Grammar!, seed, maxTokens: 120, TestContext.Current.CancellationToken);
            output.WriteLine($"seed {seed} ({generation.Tokens} tokens): {generation.Text}");
            IList<AIContent> contents = plan.ParseResponse(generation.Text);

            // Assert
            if (contents is [TextContent text])
            {
                answers++;
                Assert.False(text.Text.TrimStart().StartsWith(style == ToolPromptStyle.Llama3 ? "{" : "<", StringComparison.Ordinal), $"seed {seed}: a failed call was returned as text: {text.Text}");
            }
            else
            {
                calls++;
                Assert.True(generation.Completed, $"seed {seed}: call truncated: {generation.Text}");
                Assert.All(contents, c => AssertValidArguments(Assert.IsType<FunctionCallContent>(c), seed));
            }
        }

        output.WriteLine($"{calls} calls, {answers} answers");
        Assert.Equal(10, calls + answers);
    }

    private static void AssertValidArguments(FunctionCallContent call, uint seed)
    {
        AIFunctionDeclaration function = Assert.Single(SampleTools.All, f => f.Name == call.Name);
        string arguments = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);
        using var document = JsonDocument.Parse(arguments);
        IReadOnlyList<string> errors = JsonSchemaValidator.Validate(function.JsonSchema, document.RootElement);
        Assert.True(errors.Count == 0, $"seed {seed}: {call.Name}({arguments}): {string.Join("; ", errors)}");
    }
}
