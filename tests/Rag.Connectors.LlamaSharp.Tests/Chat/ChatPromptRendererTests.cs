// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Tests.Tools;
using Rag.Connectors.LlamaSharp.Tools;

namespace Rag.Connectors.LlamaSharp.Tests.Chat;

public sealed class ChatPromptRendererTests
{
    private static readonly ChatMessage[] s_toolRound =
    [
        new(ChatRole.User, "Weather in Oslo and Rome?"),
        new(ChatRole.Assistant,
        [
            new TextContent("Let me check."),
            new FunctionCallContent("c1", "get_weather", new Dictionary<string, object?> { ["city"] = "Oslo" }),
            new FunctionCallContent("c2", "get_weather", new Dictionary<string, object?> { ["city"] = "Rome" }),
        ]),
        new(ChatRole.Tool, [new FunctionResultContent("c1", "rain")]),
        new(ChatRole.Tool, [new FunctionResultContent("c2", "sun")]),
    ];

    [Fact]
    public void Render_ToolsAndSystemMessage_AppendsToolsPromptToTheSystemMessage()
    {
        ConstrainedDecodingPlan plan = Plan(ToolPromptStyle.Qwen);

        var turns = ChatPromptRenderer.Render(
            [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi")], instructions: null, plan, ToolPromptStyle.Qwen, _ => true);

        Assert.Equal(2, turns.Count);
        Assert.Equal(("system", "Be brief.\n\n" + plan.ToolsPrompt), turns[0]);
        Assert.Equal(("user", "Hi"), turns[1]);
    }

    [Fact]
    public void Render_ToolsWithoutSystemMessage_InsertsOne()
    {
        ConstrainedDecodingPlan plan = Plan(ToolPromptStyle.Generic);

        var turns = ChatPromptRenderer.Render([new(ChatRole.User, "Hi")], instructions: null, plan, ToolPromptStyle.Generic, _ => true);

        Assert.Equal(("system", plan.ToolsPrompt!), turns[0]);
        Assert.Equal(("user", "Hi"), turns[1]);
    }

    [Fact]
    public void Render_InstructionsAndTools_ToolsJoinTheInstructions()
    {
        ConstrainedDecodingPlan plan = Plan(ToolPromptStyle.Generic);

        var turns = ChatPromptRenderer.Render([new(ChatRole.User, "Hi")], "Rules.", plan, ToolPromptStyle.Generic, _ => true);

        Assert.Equal(("system", "Rules.\n\n" + plan.ToolsPrompt), turns[0]);
        Assert.Equal(2, turns.Count);
    }

    [Fact]
    public void Render_QwenStyle_CallsAfterTextAndResultsMergedInOneUserTurn()
    {
        var turns = ChatPromptRenderer.Render(s_toolRound, null, ConstrainedDecodingPlan.Unconstrained, ToolPromptStyle.Qwen, _ => true);

        Assert.Equal(3, turns.Count);
        Assert.Equal("assistant", turns[1].Role);
        Assert.StartsWith("Let me check.\n<tool_call>\n{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}\n</tool_call>\n<tool_call>", turns[1].Content, StringComparison.Ordinal);
        Assert.Equal(("user", "<tool_response>\nrain\n</tool_response>\n<tool_response>\nsun\n</tool_response>"), turns[2]);
    }

    [Fact]
    public void Render_GenericStyleTemplateWithToolRole_UsesToolRoleWithFunctionName()
    {
        var turns = ChatPromptRenderer.Render(s_toolRound, null, ConstrainedDecodingPlan.Unconstrained, ToolPromptStyle.Generic, r => r == "tool");

        Assert.Equal(("tool", "Result of get_weather (call c1):\nrain"), turns[2]);
        Assert.Equal(("tool", "Result of get_weather (call c2):\nsun"), turns[3]);
    }

    [Theory]
    [InlineData(ToolPromptStyle.Generic)]
    [InlineData(ToolPromptStyle.Llama3)]
    public void Render_TemplateWithoutToolRole_FallsBackToUser(ToolPromptStyle style)
    {
        var turns = ChatPromptRenderer.Render(s_toolRound, null, ConstrainedDecodingPlan.Unconstrained, style, _ => false);

        Assert.All(turns.Skip(2), t => Assert.Equal("user", t.Role));
        Assert.Contains(turns, t => t.Content.Contains("sun", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Llama3StyleTemplateWithIpython_UsesIpythonRoleAndBareJsonCalls()
    {
        var turns = ChatPromptRenderer.Render(s_toolRound, null, ConstrainedDecodingPlan.Unconstrained, ToolPromptStyle.Llama3, r => r == "ipython");

        Assert.Equal("Let me check.\n{\"name\":\"get_weather\",\"parameters\":{\"city\":\"Oslo\"}}\n{\"name\":\"get_weather\",\"parameters\":{\"city\":\"Rome\"}}", turns[1].Content);
        Assert.Equal(("ipython", "rain"), turns[2]);
        Assert.Equal(("ipython", "sun"), turns[3]);
    }

    private static ConstrainedDecodingPlan Plan(ToolPromptStyle style) =>
        ConstrainedDecodingPlan.Create(new ChatOptions { Tools = [SampleTools.Clock] }, style);
}
