// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Tools;

namespace Rag.Connectors.LlamaSharp.Tests.Tools;

public sealed class ToolCallParserTests
{
    private static readonly string[] s_names = ["get_weather", "search_documents"];

    [Fact]
    public void Parse_TaggedCall_ReturnsFunctionCallWithArguments()
    {
        IList<AIContent> contents = ToolCallParser.Parse(
            "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\", \"days\": 3}}\n</tool_call>", s_names, () => "id1");

        FunctionCallContent call = Assert.IsType<FunctionCallContent>(Assert.Single(contents));
        Assert.Equal(("id1", "get_weather"), (call.CallId, call.Name));
        Assert.Equal("Oslo", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(3, ((JsonElement)call.Arguments["days"]!).GetInt32());
    }

    [Fact]
    public void Parse_SeveralTaggedCalls_ReturnsEachWithItsOwnId()
    {
        int next = 0;
        IList<AIContent> contents = ToolCallParser.Parse(
            "<tool_call>{\"name\":\"get_weather\",\"arguments\":{}}</tool_call>\n<tool_call>{\"name\":\"search_documents\",\"arguments\":{\"query\":\"x\"}}</tool_call>",
            s_names,
            () => "c" + next++);

        Assert.Equal(["c0:get_weather", "c1:search_documents"], contents.Cast<FunctionCallContent>().Select(c => c.CallId + ":" + c.Name));
    }

    [Fact]
    public void Parse_Llama3BareCallWithParameters_ReturnsFunctionCall()
    {
        IList<AIContent> contents = ToolCallParser.Parse("{\"name\": \"search_documents\", \"parameters\": {\"query\": \"leave\"}}", s_names);

        FunctionCallContent call = Assert.IsType<FunctionCallContent>(Assert.Single(contents));
        Assert.Equal("search_documents", call.Name);
        Assert.StartsWith("call_", call.CallId, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ArgumentsAsJsonString_AreUnpacked()
    {
        IList<AIContent> contents = ToolCallParser.Parse("{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"}", s_names);

        Assert.Equal("Rome", ((JsonElement)Assert.IsType<FunctionCallContent>(Assert.Single(contents)).Arguments!["city"]!).GetString());
    }

    [Theory]
    [InlineData("The weather is fine.")]
    [InlineData("{\"name\": \"delete_everything\", \"arguments\": {}}")]
    [InlineData("<tool_call>{\"name\": \"get_weather\", \"arguments\": {</tool_call>")]
    [InlineData("{\"city\": \"Oslo\"}")]
    public void Parse_NotACallToAnOfferedFunction_ReturnsTheText(string text)
    {
        IList<AIContent> contents = ToolCallParser.Parse(text, s_names);

        Assert.Equal(text, Assert.IsType<TextContent>(Assert.Single(contents)).Text);
    }

    [Fact]
    public void Parse_TextBeforeCall_KeepsTheTextFirst()
    {
        IList<AIContent> contents = ToolCallParser.Parse("Let me check.\n<tool_call>{\"name\":\"get_weather\",\"arguments\":{}}</tool_call>", s_names);

        Assert.Equal("Let me check.", Assert.IsType<TextContent>(contents[0]).Text);
        Assert.IsType<FunctionCallContent>(contents[1]);
    }
}
