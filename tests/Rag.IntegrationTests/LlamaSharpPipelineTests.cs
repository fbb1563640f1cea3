// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.TestUtilities;

namespace Rag.IntegrationTests;

/// <summary>
/// The whole pipeline driven by the real LLamaSharp connector on the tiny real LLaMA (stories260K): retrieval, context
/// assembly in the model's own tokens, streaming and cancellation. The model writes children's stories, so these tests check
/// the mechanics (order of updates, text produced, sources, clean cancellation), never the wisdom of the answer.
/// </summary>
public sealed class LlamaSharpPipelineTests
{
    private static readonly string s_folder = Path.Combine(TestEnvironment.RepositoryRoot, "samples", "docs");

    [Fact]
    public async Task AskStreamingAsync_TinyLlama_StreamsSourcesThenTextThenFinalAnswer()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using var local = new LocalKnowledgeBase(TestEnvironment.RequireResource(TestEnvironment.TinyLlamaModelPath));
        await local.Ingestor.SyncFolderAsync(s_folder, cancellationToken: ct);

        var kinds = new List<AnswerUpdateKind>();
        string streamed = string.Empty;
        Answer? answer = null;
        await foreach (AnswerUpdate update in local.KnowledgeBase.AskStreamingAsync("How many vacation days do new employees get?", cancellationToken: ct))
        {
            kinds.Add(update.Kind);
            streamed += update.Text;
            answer ??= update.Answer;
        }

        Assert.Equal(AnswerUpdateKind.SourcesRetrieved, kinds[0]);
        Assert.Equal(AnswerUpdateKind.Completed, kinds[^1]);
        Assert.Contains(AnswerUpdateKind.TextDelta, kinds);
        Assert.False(string.IsNullOrWhiteSpace(streamed));
        Assert.NotNull(answer);
        Assert.False(answer.IsExtractive);
        Assert.NotEmpty(answer.Sources);
        Assert.Contains(answer.Sources, s => s.Path == "handbook/time-off.md");
        Assert.True(answer.Usage?.OutputTokenCount > 0, "The model's usage should be reported.");
    }

    [Fact]
    public async Task AskStreamingAsync_CancelledMidStream_StopsPromptly()
    {
        CancellationToken testToken = TestContext.Current.CancellationToken;
        await using var local = new LocalKnowledgeBase(TestEnvironment.RequireResource(TestEnvironment.TinyLlamaModelPath));
        await local.Ingestor.SyncFolderAsync(s_folder, cancellationToken: testToken);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(testToken);

        int deltasAfterCancel = 0;
        bool cancelled = false;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (AnswerUpdate update in local.KnowledgeBase.AskStreamingAsync("Tell me about the remote work policy.", cancellationToken: cancellation.Token))
            {
                if (cancelled && update.Kind == AnswerUpdateKind.TextDelta)
                {
                    deltasAfterCancel++;
                }

                if (update.Kind == AnswerUpdateKind.TextDelta && !cancelled)
                {
                    cancelled = true;
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.True(cancelled, "The answer should have started streaming before it was cancelled.");
        Assert.True(deltasAfterCancel <= 1, $"Generation should stop within one decoding step; {deltasAfterCancel} deltas came after cancellation.");
    }
}
