// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using FunctionResultContent = Microsoft.Extensions.AI.FunctionResultContent;

namespace Rag.Connectors.LlamaSharp.Tests.Chat;

/// <summary>Full invocation loops over the client on the real tiny model: call → function runs → result in the final prompt → answer.</summary>
public sealed class LlamaSharpChatClientFunctionInvocationTests(ToolClientFixture fixture, ITestOutputHelper output) : IClassFixture<ToolClientFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UseFunctionInvocation_ToolModeRequireAny_InvokesTheToolAndItsResultReachesTheFinalPrompt()
    {
        // Arrange
        var invocations = new List<string>();
        AIFunction weather = AIFunctionFactory.Create(
            ([Description("The city")] string city) =>
            {
                invocations.Add(city);
                return "forecast-7731: sunny";
            },
            "get_weather",
            "Gets the weather for a city.");
        var switcher = new ToolModeAfterResultsChatClient(fixture.Client);
        using IChatClient chat = new ChatClientBuilder(switcher).UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.RequireAny, Seed = 1, Temperature = 1, MaxOutputTokens = 200 };

        // Act
        ChatResponse response = await chat.GetResponseAsync([new(ChatRole.User, "What is the weather?")], options, Ct);

        // Assert
        output.WriteLine(fixture.Capture.LastPrompt);
        Assert.Single(invocations);
        Assert.Equal(2, switcher.Requests);
        FunctionCallContent call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        FunctionResultContent result = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal(call.CallId, result.CallId);
        Assert.Contains("<tool_response>\nforecast-7731: sunny\n</tool_response>", fixture.Capture.LastPrompt, StringComparison.Ordinal);
        Assert.Contains("<tool_call>\n{\"name\":\"get_weather\"", fixture.Capture.LastPrompt, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(response.Messages[^1].Text));
        Assert.NotEqual(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task SemanticKernel_FunctionChoiceRequired_RunsTheKernelFunctionAndItsResultReachesTheFinalPrompt()
    {
        // Arrange
        var plugin = new WeatherPlugin();
        var switcher = new ToolModeAfterResultsChatClient(fixture.Client);
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(new ChatClientBuilder(switcher).UseKernelFunctionInvocation().Build());
        builder.Plugins.AddFromObject(plugin, "weather");
        Kernel kernel = builder.Build();
        var settings = new PromptExecutionSettings
        {
            FunctionChoiceBehavior = FunctionChoiceBehavior.Required(),
            ExtensionData = new Dictionary<string, object> { ["max_tokens"] = 200, ["temperature"] = 1.0, ["seed"] = 1L },
        };

        // Act
        FunctionResult result = await kernel.InvokePromptAsync("What is the weather?", new KernelArguments(settings), cancellationToken: Ct);

        // Assert
        output.WriteLine(fixture.Capture.LastPrompt);
        Assert.Single(plugin.Cities);
        Assert.Equal(2, switcher.Requests);
        Assert.Contains("sk-forecast-4242: windy", fixture.Capture.LastPrompt, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(result.ToString()));
    }

    [Fact]
    public async Task SemanticKernel_FunctionChoiceAuto_EndsWithAnAnswer()
    {
        // The tiny model chooses freely under auto: either it answers at once, or it calls and then answers.
        var plugin = new WeatherPlugin();
        var switcher = new ToolModeAfterResultsChatClient(fixture.Client);
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(new ChatClientBuilder(switcher).UseKernelFunctionInvocation().Build());
        builder.Plugins.AddFromObject(plugin, "weather");
        Kernel kernel = builder.Build();
        var settings = new PromptExecutionSettings
        {
            FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(),
            ExtensionData = new Dictionary<string, object> { ["max_tokens"] = 40, ["temperature"] = 1.0, ["seed"] = 2L },
        };

        FunctionResult result = await kernel.InvokePromptAsync("What is the weather?", new KernelArguments(settings), cancellationToken: Ct);

        Assert.False(string.IsNullOrWhiteSpace(result.ToString()));
        Assert.Equal(plugin.Cities.Count + 1, switcher.Requests);
    }

    /// <summary>A Semantic Kernel plugin whose function records its calls.</summary>
    public sealed class WeatherPlugin
    {
        public List<string> Cities { get; } = [];

        [KernelFunction("get_weather")]
        [Description("Gets the weather for a city.")]
        public string GetWeather([Description("The city")] string city)
        {
            Cities.Add(city);
            return "sk-forecast-4242: windy";
        }
    }
}
