// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.DependencyInjection;
using Rag.TestUtilities;

namespace Rag.WebApi.Tests.OpenAICompatible;

/// <summary>
/// An app node without a chat model of its own: its KnowledgeBase generates through Rag.Connectors.OpenAI on the model
/// server's /v1 (the real tiny LLaMA behind it), with local ONNX embeddings and a SQLite index.
/// </summary>
public sealed class RemoteGenerationPipelineTests(ModelServerFactory server) : IClassFixture<ModelServerFactory>
{
    [Fact]
    public async Task AskStreamingAsync_ChatOnModelServer_StreamsSourcesThenTextThenFinalAnswer()
    {
        // Arrange: the app node, composed as an application composes it.
        CancellationToken ct = TestContext.Current.CancellationToken;
        Uri endpoint = server.Start();
        using var node = new TemporaryDirectory();
        string folder = Path.Combine(node.Path, "docs");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, SampleDocument.FileName), SampleDocument.Content, ct);
        var services = new ServiceCollection();
        services.AddRag()
            .UseOnnxEmbeddings()
            .UseSqliteStore(Path.Combine(node.Path, "index.db"))
            .UseOpenAIChat(o =>
            {
                o.Endpoint = endpoint;
                o.ModelId = ModelServerFactory.ChatModelId;
                o.ApiKey = ModelServerFactory.Key;
                o.ContextWindowTokens = ModelServerFactory.ContextSize;
                o.EstimatedCharactersPerToken = 1; // the tiny model's 512-token vocabulary splits words finely
            });
        await using ServiceProvider provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DocumentIngestor>().SyncFolderAsync(folder, cancellationToken: ct);
        server.Observed.Reset();

        // Act
        var kinds = new List<AnswerUpdateKind>();
        string streamed = string.Empty;
        Answer? answer = null;
        await foreach (AnswerUpdate update in provider.GetRequiredService<KnowledgeBase>().AskStreamingAsync(SampleDocument.Question, cancellationToken: ct))
        {
            kinds.Add(update.Kind);
            streamed += update.Text;
            answer ??= update.Answer;
        }

        // Assert: the pipeline's order, and generation really happened on the server.
        Assert.Equal(AnswerUpdateKind.SourcesRetrieved, kinds[0]);
        Assert.Equal(AnswerUpdateKind.Completed, kinds[^1]);
        Assert.True(kinds.Count(k => k == AnswerUpdateKind.TextDelta) >= 2, "The answer should stream in several deltas.");
        Assert.False(string.IsNullOrWhiteSpace(streamed));
        Assert.NotNull(answer);
        Assert.False(answer.IsExtractive);
        Assert.Contains(answer.Sources, s => s.Path == SampleDocument.FileName);
        Assert.True(answer.Usage?.OutputTokenCount > 0, "The server's usage should reach the answer.");
        StreamOutcome outcome = await server.Observed.NextStreamOutcome.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.True(outcome.Completed, $"The server's stream should have run to its end: {outcome}.");
    }
}
