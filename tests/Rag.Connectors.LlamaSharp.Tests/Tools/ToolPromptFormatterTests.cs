// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp.Tools;

namespace Rag.Connectors.LlamaSharp.Tests.Tools;

public sealed class ToolPromptFormatterTests
{
    [Theory]
    [InlineData("Qwen2.5-0.5B-Instruct-Q4_K_M.gguf", ToolPromptStyle.Qwen)]
    [InlineData("{% for message in messages %}<|im_start|>{{ message.role }}", ToolPromptStyle.Qwen)]
    [InlineData("Meta-Llama-3.1-8B-Instruct.Q4_K_M.gguf", ToolPromptStyle.Llama3)]
    [InlineData("{{ '<|start_header_id|>' + message['role'] }}", ToolPromptStyle.Llama3)]
    [InlineData("stories260K.gguf", ToolPromptStyle.Generic)]
    [InlineData(null, ToolPromptStyle.Generic)]
    public void DetectStyle_ModelHint_PicksTheFamily(string? hint, ToolPromptStyle expected) =>
        Assert.Equal(expected, ToolPromptFormatter.DetectStyle(hint));

    [Fact]
    public void FormatToolsPrompt_Qwen_ListsEachFunctionAsJsonInsideToolsTags()
    {
        string prompt = ToolPromptFormatter.FormatToolsPrompt(SampleTools.All, ChatToolMode.Auto, ToolPromptStyle.Qwen);

        string[] lines = prompt[(prompt.IndexOf("<tools>\n", StringComparison.Ordinal) + 8)..prompt.LastIndexOf("</tools>", StringComparison.Ordinal)]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["get_weather", "search_documents", "get_time"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("function").GetProperty("name").GetString()));
        Assert.Contains("<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>", prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ToolPromptStyle.Qwen)]
    [InlineData(ToolPromptStyle.Llama3)]
    [InlineData(ToolPromptStyle.Generic)]
    public void FormatToolsPrompt_RequiredSpecificFunction_SaysSo(ToolPromptStyle style)
    {
        string prompt = ToolPromptFormatter.FormatToolsPrompt(SampleTools.All, ChatToolMode.RequireSpecific("get_time"), style);

        Assert.Contains("You must call the function \"get_time\".", prompt, StringComparison.Ordinal);
        Assert.Contains("\"parameters\"", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatToolsPrompt_ToolModeNone_IsEmpty() =>
        Assert.Empty(ToolPromptFormatter.FormatToolsPrompt(SampleTools.All, ChatToolMode.None, ToolPromptStyle.Qwen));

    [Theory]
    [InlineData(ToolPromptStyle.Qwen)]
    [InlineData(ToolPromptStyle.Llama3)]
    [InlineData(ToolPromptStyle.Generic)]
    public void FormatToolCalls_ParsedBack_GivesTheSameCall(ToolPromptStyle style)
    {
        var call = new FunctionCallContent("c1", "get_weather", new Dictionary<string, object?> { ["city"] = "Oslo", ["days"] = 2 });

        string text = ToolPromptFormatter.FormatToolCalls([call], style);
        FunctionCallContent parsed = Assert.IsType<FunctionCallContent>(Assert.Single(ToolCallParser.Parse(text, ["get_weather"])));

        Assert.Equal("get_weather", parsed.Name);
        Assert.Equal("Oslo", ((JsonElement)parsed.Arguments!["city"]!).GetString());
        Assert.Equal(2, ((JsonElement)parsed.Arguments["days"]!).GetInt32());
    }

    [Theory]
    [InlineData(ToolPromptStyle.Qwen, "user", "<tool_response>\n{\"temp\":21}\n</tool_response>")]
    [InlineData(ToolPromptStyle.Llama3, "ipython", "{\"temp\":21}")]
    [InlineData(ToolPromptStyle.Generic, "tool", "Result of get_weather (call c1):\n{\"temp\":21}")]
    public void FormatToolResult_Style_UsesTheFamilysRoleAndWrapping(ToolPromptStyle style, string role, string content)
    {
        var result = new FunctionResultContent("c1", new Dictionary<string, int> { ["temp"] = 21 });

        Assert.Equal((role, content), ToolPromptFormatter.FormatToolResult(result, style, "get_weather"));
    }

    [Fact]
    public void ResultText_StringResult_IsNotQuoted() =>
        Assert.Equal("sunny", ToolPromptFormatter.ResultText(new FunctionResultContent("c", "sunny")));
}
