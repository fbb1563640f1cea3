// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Tests.Grammars;
using Rag.Connectors.LlamaSharp.Tools;

namespace Rag.Connectors.LlamaSharp.Tests.Tools;

public sealed class ConstrainedDecodingPlanTests
{
    [Fact]
    public void Create_TextFormatWithoutTools_IsUnconstrained()
    {
        ConstrainedDecodingPlan plan = ConstrainedDecodingPlan.Create(new ChatOptions(), ToolPromptStyle.Generic);

        Assert.Null(plan.Grammar);
        Assert.Null(plan.ToolsPrompt);
        Assert.Equal("plain", Assert.IsType<TextContent>(Assert.Single(plan.ParseResponse("plain"))).Text);
    }

    [Fact]
    public void Create_JsonWithoutSchema_ConstrainsToAnyObject()
    {
        ConstrainedDecodingPlan plan = ConstrainedDecodingPlan.Create(new ChatOptions { ResponseFormat = ChatResponseFormat.Json }, ToolPromptStyle.Generic);

        Assert.NotNull(plan.Grammar);
        Assert.Empty(GbnfLint.Check(plan.Grammar));
        Assert.StartsWith("root ::= any-object", plan.Grammar, StringComparison.Ordinal);
        Assert.True(plan.IsJson);
    }

    [Fact]
    public void Create_JsonSchema_CompilesTheSchema()
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}""");

        ConstrainedDecodingPlan plan = ConstrainedDecodingPlan.Create(
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement, "reply") }, ToolPromptStyle.Generic);

        Assert.Contains("\\\"answer\\\"", plan.Grammar, StringComparison.Ordinal);
        Assert.False(plan.MayCallTools);
    }

    [Fact]
    public void Create_ToolModeNone_OffersNoTools()
    {
        ConstrainedDecodingPlan plan = ConstrainedDecodingPlan.Create(new ChatOptions { Tools = [SampleTools.Weather], ToolMode = ChatToolMode.None }, ToolPromptStyle.Qwen);

        Assert.False(plan.MayCallTools);
        Assert.Null(plan.Grammar);
        Assert.Null(plan.ToolsPrompt);
    }

    [Fact]
    public void Create_AutoWithTools_AllowsCallOrAnswer()
    {
        ConstrainedDecodingPlan plan = ConstrainedDecodingPlan.Create(new ChatOptions { Tools = [.. SampleTools.All.Cast<AITool>()] }, ToolPromptStyle.Qwen);

        Assert.StartsWith("root ::= calls | answer", plan.Grammar, StringComparison.Ordinal);
        Assert.Empty(GbnfLint.Check(plan.Grammar!));
        Assert.Contains("<tools>", plan.ToolsPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RequireSpecific_KeepsOnlyThatFunction()
    {
        ConstrainedDecodingPlan plan = ConstrainedDecodingPlan.Create(
            new ChatOptions { Tools = [.. SampleTools.All.Cast<AITool>()], ToolMode = ChatToolMode.RequireSpecific("search_documents") }, ToolPromptStyle.Llama3);

        Assert.Equal("search_documents", Assert.Single(plan.Functions).Name);
        Assert.DoesNotContain("get_weather", plan.Grammar, StringComparison.Ordinal);
        Assert.StartsWith("root ::= call\n", plan.Grammar, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RequireUnknownFunction_Throws() =>
        Assert.Throws<InvalidOperationException>(() => ConstrainedDecodingPlan.Create(
            new ChatOptions { Tools = [SampleTools.Weather], ToolMode = ChatToolMode.RequireSpecific("nope") }, ToolPromptStyle.Generic));

    [Fact]
    public void Create_FunctionWithUnsupportedSchema_NamesFunctionAndPointer()
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"code":{"type":"string","pattern":"^[A-Z]{3}$"}}}""");
        AIFunctionDeclaration declaration = AIFunctionFactory.CreateDeclaration("lookup", "Looks up a code.", schema.RootElement);

        NotSupportedException exception = Assert.Throws<NotSupportedException>(() =>
            ConstrainedDecodingPlan.Create(new ChatOptions { Tools = [declaration] }, ToolPromptStyle.Generic));

        Assert.Contains("function 'lookup'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("#/properties/code/pattern", exception.Message, StringComparison.Ordinal);
    }
}
