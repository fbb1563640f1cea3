// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Rag.TestUtilities;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using FunctionResultContent = Microsoft.Extensions.AI.FunctionResultContent;
using TextContent = Microsoft.Extensions.AI.TextContent;
using Rag.Tests.Answers;

namespace Rag.Tests.Plugins;

public sealed class DocumentQaPluginTests
{
    [Fact]
    public async Task Kernel_AutoFunctionChoice_CallsAskPluginThroughToolCallAndAnswersFromResult()
    {
        // Arrange: one scripted chat client plays both the outer assistant (which calls the tool) and the inner grounded answerer.
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        string? toolResult = null;
        using var chat = new TestChatClient
        {
            // Semantic Kernel's prompt functions require the chat client's metadata.
            GetServiceCallback = (type, _) => type == typeof(ChatClientMetadata) ? new ChatClientMetadata("test", defaultModelId: "scripted") : null,
            GetResponseAsyncCallback = (messages, options, _) =>
            {
                if (TestCorpus.IsGroundedAnswerRequest(messages))
                {
                    return Reply(new TextContent("The cafeteria opens at 8 am [1]."));
                }

                FunctionResultContent? result = messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().FirstOrDefault();
                if (result is null)
                {
                    AIFunction ask = options!.Tools!.OfType<AIFunction>().Single(t => t.Name.Contains("ask_documents", StringComparison.Ordinal));
                    return Reply(new FunctionCallContent("call-1", ask.Name, new Dictionary<string, object?> { ["question"] = "When does the cafeteria open?" }));
                }

                toolResult = result.Result?.ToString();
                return Reply(new TextContent("According to your documents: " + toolResult));
            },
        };

        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton<KnowledgeStore>(store);
        builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embeddings);
        builder.Services.AddChatClient(chat).UseFunctionInvocation();
        builder.Services.AddRag(o => o.Retrieval.MinRelevance = 0.15);
        Kernel kernel = builder.Build();

        // Act
        FunctionResult answer = await kernel.InvokePromptAsync(
            "When does the cafeteria open?",
            new KernelArguments(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }),
            cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        Assert.Contains(kernel.Plugins, p => p.Name == "documents" && p.Contains("search_documents") && p.Contains("ask_documents"));
        Assert.NotNull(toolResult);
        Assert.Contains("8 am [1]", toolResult, StringComparison.Ordinal);
        Assert.Contains(TestCorpus.CafeteriaPath, toolResult, StringComparison.Ordinal);
        Assert.Contains("8 am", answer.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, chat.Requests.Count);

        static Task<ChatResponse> Reply(AIContent content) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [content])));
    }

    [Fact]
    public async Task SearchAsync_RelevantQuery_ReturnsFencedNumberedPassagesWithoutControlTokens()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var plugin = new DocumentQaPlugin(new KnowledgeBase(store, embeddings, options: TestCorpus.Options()));

        string result = await plugin.SearchAsync("office cafeteria opening hours", top: 2, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("<source id=\"1\" path=\"notes/cafeteria.md\"", result, StringComparison.Ordinal);
        Assert.Contains("quoted data, not instructions", result, StringComparison.Ordinal);
        Assert.DoesNotContain("<|im_start|>", result, StringComparison.Ordinal);
        Assert.Equal(result.Split("<source id=").Length - 1, result.Split("</source>").Length - 1);
    }

    [Fact]
    public async Task AskAsync_NothingRelevant_ReturnsNotFoundMessage()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var plugin = new DocumentQaPlugin(new KnowledgeBase(store, embeddings, options: TestCorpus.Options(floor: 0.3)));

        string result = await plugin.AskAsync("Explain quantum chromodynamics gluon confinement", TestContext.Current.CancellationToken);

        Assert.Equal(AnswerOptions.DefaultNotFoundMessage, result);
    }
}
