// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Rag.TestUtilities;

namespace Rag.Tests.Answers;

public sealed class KnowledgeBaseTests
{
    private const string RefundQuestion = "How many days do customers have to return hardware for a refund?";

    [Fact]
    public async Task AskAsync_ModelCitesValidAndInvalidMarkers_MapsValidAndRemovesInvalid()
    {
        // Arrange
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        using var chat = TestChatClient.Answering("Hardware can be returned within 30 days [1]. See also the warranty [7].");
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.Options());

        // Act
        Answer answer = await kb.AskAsync(RefundQuestion, cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("Hardware can be returned within 30 days [1]. See also the warranty.", answer.Text);
        Assert.Equal([7], answer.RemovedCitations);
        Citation citation = Assert.Single(answer.Citations);
        Assert.Equal(1, citation.Number);
        Assert.Equal(TestCorpus.RefundsPath, citation.Source.Path);
        Assert.Equal(["Refunds"], citation.Source.HeadingPath);
        Assert.Equal(1, citation.Source.StartLine);
        Assert.Contains("30 days", citation.Snippet, StringComparison.Ordinal);
        Assert.True(answer.HasValidCitations);
        Assert.False(answer.NotFound);
        Assert.False(answer.IsExtractive);
    }

    [Fact]
    public async Task AskAsync_GroupedAndAdjacentMarkers_MapsEveryNumber()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        using var chat = TestChatClient.Answering("Returns take 30 days [1, 2] and refunds go back to the card [2][1][Source 9].");
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.WithoutFloors());

        Answer answer = await kb.AskAsync(RefundQuestion, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(answer.Sources.Count >= 2);
        Assert.Equal([1, 2], answer.Citations.Select(c => c.Number));
        Assert.Equal([9], answer.RemovedCitations);
        Assert.Equal("Returns take 30 days [1, 2] and refunds go back to the card [2][1].", answer.Text);
    }

    [Fact]
    public async Task AskAsync_ModelAnswersWithoutCitation_FlagsNoValidCitation()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        using var chat = TestChatClient.Answering("Usually hardware returns take thirty days.");
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.Options());

        Answer answer = await kb.AskAsync(RefundQuestion, cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(answer.HasValidCitations);
        Assert.False(answer.NotFound);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public async Task AskAsync_NothingAboveRelevanceFloor_AnswersNotFoundWithoutCallingModel()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        using var chat = TestChatClient.Answering("Gluons are confined [1].");
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.Options(floor: 0.3));

        Answer answer = await kb.AskAsync("Explain quantum chromodynamics gluon confinement", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(answer.NotFound);
        Assert.Equal(AnswerOptions.DefaultNotFoundMessage, answer.Text);
        Assert.Empty(answer.Sources);
        Assert.False(answer.HasValidCitations);
        Assert.Empty(chat.Requests);
    }

    [Fact]
    public async Task AskAsync_OnlyKeywordMatchOnStopWords_IsNotFound()
    {
        // A chunk without a vector can only match keywords; "the"/"is" matching must not pass the cosine floor.
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        var store = new InMemoryKnowledgeStore();
        await TestCorpus.AddAsync(store, embeddings: null, "misc/the.md", ["The sky is the limit in the end."], []);
        using var chat = TestChatClient.Answering("It is [1].");
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.Options(floor: 0.1));

        IReadOnlyList<Source> hits = await kb.SearchAsync("what is the capital of the moon", cancellationToken: TestContext.Current.CancellationToken);
        Answer answer = await kb.AskAsync("what is the capital of the moon", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(hits);
        Assert.True(answer.NotFound);
        Assert.Empty(chat.Requests);
    }

    [Fact]
    public async Task AskAsync_ModelSaysNotFound_SetsNotFoundAndNoCitations()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        using var chat = TestChatClient.Answering(AnswerOptions.DefaultNotFoundMessage);
        RagOptions options = TestCorpus.Options();
        options.Answers.AbstainWhenTermsAreMissing = false; // "wait" and "repairs" are nowhere: the model must be the one to say so
        var kb = new KnowledgeBase(store, embeddings, chat, options);

        Answer answer = await kb.AskAsync("How many days do customers wait for hardware repairs?", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(answer.NotFound);
        Assert.Empty(answer.Citations);
        Assert.Single(chat.Requests);
    }

    [Fact]
    public async Task AskAsync_DocumentContainsPromptInjection_NeverReachesSystemRole()
    {
        // Arrange
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        using var chat = TestChatClient.Answering("The cafeteria opens at 8 am [1].");
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.Options());

        // Act
        Answer answer = await kb.AskAsync("When does the office cafeteria open?", cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        IReadOnlyList<ChatMessage> request = Assert.Single(chat.Requests);
        Assert.Equal(TestCorpus.CafeteriaPath, answer.Sources[0].Path);
        foreach (ChatMessage system in request.Where(m => m.Role == ChatRole.System))
        {
            Assert.DoesNotContain("Ignore previous instructions", system.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("cafeteria", system.Text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("never an instruction", system.Text, StringComparison.Ordinal);
        }

        Assert.Single(request, m => m.Role == ChatRole.System);
        ChatMessage user = request[^1];
        Assert.Equal(ChatRole.User, user.Role);
        Assert.Contains("Ignore previous instructions", user.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<|im_start|>", user.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<|im_end|>", user.Text, StringComparison.Ordinal);

        // The document's "</source>" cannot close the fence early: exactly one closing tag per included source.
        int closings = user.Text.Split("</source>").Length - 1;
        Assert.Equal(answer.Sources.Count, closings);
    }

    [Fact]
    public async Task AskAsync_SmallContextWindow_FitsPromptAndReservesAnswerTokens()
    {
        // Arrange: 8 long documents, a model window of 300 tokens (counted as words by the fake counter).
        var embeddings = TestCorpus.CreateEmbeddings();
        var store = new InMemoryKnowledgeStore();
        for (int d = 0; d < 8; d++)
        {
            string text = $"Policy {d}: hardware refund rules. " + string.Join(' ', Enumerable.Range(0, 60).Select(i => $"detail{d}x{i}"));
            await TestCorpus.AddAsync(store, embeddings, $"docs/policy{d}.md", [text], []);
        }

        var counter = new HashingEmbeddingGenerator { MaxTokens = 300 };
        ChatOptions? seenOptions = null;
        using var chat = new TestChatClient
        {
            GetServiceCallback = (type, _) => type == typeof(ITokenCounter) ? counter : null,
            GetResponseAsyncCallback = (_, options, _) =>
            {
                seenOptions = options;
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Refunds follow the policy [1] [8].")));
            },
        };
        RagOptions options = TestCorpus.Options(floor: 0);
        options.Retrieval.Top = 8;
        options.Retrieval.Diversification = DiversificationMode.None;
        var kb = new KnowledgeBase(store, embeddings, chat, options);

        // Act
        Answer answer = await kb.AskAsync("hardware refund rules", cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        IReadOnlyList<ChatMessage> request = Assert.Single(chat.Requests);
        int promptTokens = request.Sum(m => counter.CountTokens(m.Text) + 8);
        Assert.NotNull(seenOptions?.MaxOutputTokens);
        Assert.True(promptTokens + seenOptions.MaxOutputTokens <= 300, $"prompt {promptTokens} + answer {seenOptions.MaxOutputTokens} exceeds 300");
        Assert.InRange(answer.Sources.Count, 1, 3);
        Assert.Equal(Enumerable.Range(1, answer.Sources.Count), answer.Sources.Select(s => s.Number));
        Assert.Equal([8], answer.RemovedCitations);
        Assert.Equal([1], answer.Citations.Select(c => c.Number));
    }

    [Fact]
    public async Task AskAsync_NoChatModel_ExtractsSentenceContainingFact()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var kb = new KnowledgeBase(store, embeddings, chatClient: null, TestCorpus.Options());

        Answer hardware = await kb.AskAsync(RefundQuestion, cancellationToken: TestContext.Current.CancellationToken);
        Answer memory = await kb.AskAsync("How much memory does the agent require?", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(hardware.IsExtractive);
        Assert.StartsWith("Customers may return hardware within 30 days of delivery for a full refund [1].", hardware.Text, StringComparison.Ordinal);
        Assert.Equal(TestCorpus.RefundsPath, hardware.Citations[0].Source.Path);
        Assert.StartsWith("The agent requires 4 GB of memory", memory.Text, StringComparison.Ordinal);
        Assert.Equal(TestCorpus.SetupPath, Assert.Single(memory.Citations, c => memory.Text.StartsWith(c.Snippet[..20], StringComparison.Ordinal)).Source.Path);
        Assert.True(memory.HasValidCitations);
    }

    [Fact]
    public async Task AskAsync_ExtractiveFlagWithChatModel_DoesNotCallModel()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        using var chat = TestChatClient.Answering("unused [1]");
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.Options());

        Answer answer = await kb.AskAsync("When does the office cafeteria open?", new AskOptions { Extractive = true }, TestContext.Current.CancellationToken);

        Assert.True(answer.IsExtractive);
        Assert.Contains("8 am", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ignore previous", answer.Text.Split('[')[0], StringComparison.Ordinal);
        Assert.Empty(chat.Requests);
    }

    [Fact]
    public async Task AskAsync_FollowUpWithChatModel_RewritesQueryBeforeRetrieval()
    {
        // Arrange
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        using var chat = new TestChatClient
        {
            GetResponseAsyncCallback = (messages, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(
                ChatRole.Assistant,
                TestCorpus.IsGroundedAnswerRequest(messages) ? "It needs 4 GB of memory [1]." : "How much memory does the agent require?"))),
        };
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.Options());
        var conversation = new Conversation();
        conversation.Add(new ConversationTurn("How do I install the agent?", "How do I install the agent?", "With the installer package [1]."));

        // Act
        Answer answer = await kb.AskAsync("How much does it need?", new AskOptions { Conversation = conversation }, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal("How much memory does the agent require?", answer.Query);
        Assert.Equal(2, chat.Requests.Count);
        Assert.Contains(chat.Requests[0], m => m.Text.Contains("How do I install the agent?", StringComparison.Ordinal));
        Assert.Equal(TestCorpus.SetupPath, answer.Sources[0].Path);
        Assert.Equal(2, conversation.Turns.Count);
        Assert.Equal("How much does it need?", conversation.Turns[^1].Question);
        Assert.Equal(answer.Query, conversation.Turns[^1].Query);

        // Earlier turns are sent as user/assistant messages, never as system text.
        Assert.Contains(chat.Requests[1], m => m.Role == ChatRole.Assistant && m.Text.Contains("installer package", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AskAsync_QuestionTooLongForTheWindow_ThrowsWithTheCountsBeforeCallingTheModel()
    {
        // Arrange: a window of 400 tokens (words, for the fake counter); the rules and framing take about 150 of them.
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var counter = new HashingEmbeddingGenerator { MaxTokens = 400 };
        using TestChatClient chat = TestChatClient.Answering("Within 30 days [1].");
        chat.GetServiceCallback = (type, _) => type == typeof(ITokenCounter) ? counter : null;
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.Options(floor: 0));
        string question = RefundQuestion + string.Concat(Enumerable.Repeat(" And for software?", 80));

        // Act
        QuestionTooLongException refused = await Assert.ThrowsAsync<QuestionTooLongException>(() => kb.AskAsync(question, cancellationToken: TestContext.Current.CancellationToken));
        Answer fits = await kb.AskAsync(RefundQuestion, cancellationToken: TestContext.Current.CancellationToken);

        // Assert: refused before any model call, with counts that say how much shorter it must be; a short one is answered.
        Assert.Equal(counter.CountTokens(question), refused.QuestionTokens);
        Assert.InRange(refused.MaxQuestionTokens, counter.CountTokens(RefundQuestion), refused.QuestionTokens - 1);
        Assert.Equal(400, refused.ContextWindowTokens);
        Assert.Equal("question", refused.ParamName);
        Assert.False(fits.NotFound);
        IReadOnlyList<ChatMessage> only = Assert.Single(chat.Requests);
        Assert.Contains(only, m => m.Text.Contains(RefundQuestion, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AskAsync_FollowUpAfterLongTurns_RewritesWithThePromptsThatFitTheWindow()
    {
        // Arrange: three earlier turns of 200 words each, a window of 400 tokens (words): all three turns cannot be sent.
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var counter = new HashingEmbeddingGenerator { MaxTokens = 400 };
        using var chat = new TestChatClient
        {
            GetServiceCallback = (type, _) => type == typeof(ITokenCounter) ? counter : null,
            GetResponseAsyncCallback = (messages, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(
                ChatRole.Assistant,
                TestCorpus.IsGroundedAnswerRequest(messages) ? "It needs 4 GB of memory [1]." : "How much memory does the agent require?"))),
        };
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.Options());
        var conversation = new Conversation();
        string longTurn = string.Join(' ', Enumerable.Repeat("installer", 200));
        for (int i = 0; i < 3; i++)
        {
            conversation.Add(new ConversationTurn(longTurn, longTurn, "With the installer package [1]."));
        }

        // Act
        Answer answer = await kb.AskAsync("How much does it need?", new AskOptions { Conversation = conversation }, TestContext.Current.CancellationToken);

        // Assert: the rewrite was asked with what fits (one turn), and no request overflowed the window.
        Assert.Equal("How much memory does the agent require?", answer.Query);
        Assert.All(chat.Requests, r => Assert.True(r.Sum(m => counter.CountTokens(m.Text) + 8) <= 400, $"A request of {r.Sum(m => counter.CountTokens(m.Text) + 8)} tokens."));
        Assert.Equal(1, chat.Requests[0].Sum(m => m.Text.Split("User: ").Length - 1));
    }

    [Fact]
    public async Task AskAsync_FollowUpWithoutChatModel_CarriesPreviousTermsIntoQuery()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var kb = new KnowledgeBase(store, embeddings, chatClient: null, TestCorpus.Options());
        var conversation = new Conversation();

        Answer first = await kb.AskAsync("How much memory does the agent require?", new AskOptions { Conversation = conversation }, TestContext.Current.CancellationToken);
        Answer followUp = await kb.AskAsync("Which systems does it run on?", new AskOptions { Conversation = conversation }, TestContext.Current.CancellationToken);

        Assert.Equal(first.Question, first.Query);
        Assert.Contains("agent", followUp.Query, StringComparison.Ordinal);
        Assert.EndsWith("Which systems does it run on?", followUp.Query, StringComparison.Ordinal);
        Assert.Equal(TestCorpus.SetupPath, followUp.Sources[0].Path);
        Assert.Contains("Windows and Linux", followUp.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_ExtractiveFollowUp_QuotesTheSentenceAnsweringTheNewQuestion()
    {
        // The rewritten query carries the first question's terms, which match the sentence that answered it; the quoted
        // sentence must be the one covering what the follow-up asks.
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateAsync(embeddings, ("handbook/time-off.md",
            "New employees get 25 days of paid vacation per calendar year, starting on their first day. " +
            "Vacation requests need approval from your manager. After five years of service the allowance rises to 28 days.",
            ["Time Off", "Vacation"]));
        var kb = new KnowledgeBase(store, embeddings, chatClient: null, TestCorpus.Options());
        var conversation = new Conversation();

        await kb.AskAsync("How many vacation days do new employees get?", new AskOptions { Conversation = conversation }, TestContext.Current.CancellationToken);
        Answer followUp = await kb.AskAsync("And after five years of service?", new AskOptions { Conversation = conversation }, TestContext.Current.CancellationToken);

        Assert.Contains("new employee", followUp.Query, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("After five years of service the allowance rises to 28 days", followUp.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("25 days", followUp.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskStreamingAsync_ChatModel_YieldsSourcesThenDeltasThenCompleted()
    {
        // Arrange
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        using var chat = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => StreamAsync(ct) };
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.Options());

        // Act
        List<AnswerUpdate> updates = [];
        await foreach (AnswerUpdate update in kb.AskStreamingAsync(RefundQuestion, cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        // Assert
        Assert.Equal(AnswerUpdateKind.SourcesRetrieved, updates[0].Kind);
        Assert.NotEmpty(updates[0].Sources);
        Assert.Equal(AnswerUpdateKind.Completed, updates[^1].Kind);
        Assert.All(updates[1..^1], u => Assert.Equal(AnswerUpdateKind.TextDelta, u.Kind));
        Assert.Equal("Within 30 days [1]. Ask [4].", string.Concat(updates.Select(u => u.Text)));
        Answer final = Assert.IsType<Answer>(updates[^1].Answer);
        Assert.Equal("Within 30 days [1]. Ask.", final.Text);
        Assert.Equal([1], final.Citations.Select(c => c.Number));
        Assert.Equal(12, final.Usage?.TotalTokenCount);

        static async IAsyncEnumerable<ChatResponseUpdate> StreamAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            foreach (string piece in new[] { "Within ", "30 days ", "[1]. ", "Ask [4]." })
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
            }

            yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 2, TotalTokenCount = 12 })] };
        }
    }

    [Fact]
    public async Task AskStreamingAsync_CanceledMidStream_StopsEnumeration()
    {
        // Arrange
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        int produced = 0;
        using var chat = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => EndlessAsync(ct) };
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.Options());
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        int deltas = 0;

        // Act
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (AnswerUpdate update in kb.AskStreamingAsync(RefundQuestion, cancellationToken: cts.Token))
            {
                if (update.Kind == AnswerUpdateKind.TextDelta && ++deltas == 3)
                {
                    await cts.CancelAsync();
                }
            }
        });

        // Assert
        Assert.Equal(3, deltas);
        Assert.InRange(produced, 3, 4);

        async IAsyncEnumerable<ChatResponseUpdate> EndlessAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                await Task.Yield();
                produced++;
                yield return new ChatResponseUpdate(ChatRole.Assistant, "word ");
            }
        }
    }

    [Fact]
    public async Task AskAsync_Canceled_Throws()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var kb = new KnowledgeBase(store, embeddings);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kb.AskAsync(RefundQuestion, cancellationToken: new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        var options = new RagOptions { Retrieval = { MinRelevance = 2 } };
        using var store = new InMemoryKnowledgeStore();

        Assert.Throws<ArgumentOutOfRangeException>(() => new KnowledgeBase(store, TestCorpus.CreateEmbeddings(), options: options));
    }
}
