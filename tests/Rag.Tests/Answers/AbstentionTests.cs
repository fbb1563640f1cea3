// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.TestUtilities;

namespace Rag.Tests.Answers;

/// <summary>Questions about something the documents do not cover are answered "not found", whatever the relevance scores.</summary>
public sealed class AbstentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AskAsync_QuestionTermsAbsentFromEveryDocument_IsNotFoundWithoutCallingModel()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        for (int i = 0; i < 3; i++)
        {
            await TestCorpus.AddAsync(store, embeddings, $"notes/linux-{i}.md", [$"Linux laptops in room {i} ship with the standard desktop image."], ["Laptops"]);
        }

        using var chat = TestChatClient.Answering("Set the proxy in the installer [1].");
        var kb = new KnowledgeBase(store, embeddings, chat, TestCorpus.Options(floor: 0));

        // With no floor every passage holding "Linux" is "relevant"; still, neither "proxy" nor "wget" is anywhere in the
        // documents, and "Linux" is too common to say what the question is about.
        const string Question = "How do I configure a proxy for wget on Linux?";
        IReadOnlyList<Source> hits = await kb.SearchAsync(Question, cancellationToken: Ct);
        Answer answer = await kb.AskAsync(Question, cancellationToken: Ct);
        Answer extractive = await kb.AskAsync(Question, new AskOptions { Extractive = true }, Ct);

        Assert.NotEmpty(hits);
        Assert.True(answer.NotFound);
        Assert.Empty(answer.Citations);
        Assert.Empty(chat.Requests);
        Assert.True(extractive.NotFound);
    }

    [Fact]
    public async Task AskAsync_TwoTermsNowhere_IsNotFoundAlthoughARareTermIsInThePassageFound()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var kb = new KnowledgeBase(store, embeddings, options: TestCorpus.Options(floor: 0));

        // "installer", which one passage alone holds, is in the passage found, but what is asked about ("proxy",
        // "configure") is nowhere: as "the maximum heap size of the Java virtual machine" asked of a manual that says "virtual".
        Answer answer = await kb.AskAsync("How do I configure a proxy for the installer package?", new AskOptions { Extractive = true }, Ct);

        Assert.True(answer.NotFound);
    }

    [Fact]
    public async Task AskAsync_QuestionAboutANameTheDocumentsDoNotHold_IsNotFoundOnThatNameAlone()
    {
        using ManualAndRefunds docs = await ManualAndRefunds.CreateAsync("manual/ecdsa.md", "ECDSA is a variant of the DSA signature scheme which works over an elliptic curve group. Its signatures use the curve secp256r1.", "ECDSA");

        // Every word but "Bitcoin" is in the passage; the question is about Bitcoin, which no document mentions.
        Answer absent = await docs.AskExtractiveAsync("Which elliptic curve does Bitcoin use for its signatures?");
        Answer present = await docs.AskExtractiveAsync("Which elliptic curve does ECDSA use for its signatures?");

        Assert.True(absent.NotFound, absent.Text);
        Assert.False(present.NotFound);
    }

    [Fact]
    public async Task AskAsync_QuestionAboutAToolNamedWithDigitsTheDocumentsDoNotHold_IsNotFound()
    {
        using ManualAndRefunds docs = await ManualAndRefunds.CreateAsync("manual/gzip.md", "The -9 option of gzip sets the compression level to the best compression. The -1 option sets the fastest level.", "gzip");

        // Written in lower case, "lz4" is still a name: letters and digits name a tool, a format, a protocol.
        Answer absent = await docs.AskExtractiveAsync("Which lz4 option sets the compression level?");
        Answer present = await docs.AskExtractiveAsync("Which gzip option sets the compression level?");

        Assert.True(absent.NotFound, absent.Text);
        Assert.False(present.NotFound);
    }

    [Fact]
    public async Task AskAsync_AgentNounsOfWordsInThePassage_AreMissingTerms()
    {
        using ManualAndRefunds docs = await ManualAndRefunds.CreateAsync("manual/io.md", "The write call gives the read call a buffer of bytes.", "I/O");

        // "writer" is not "write", nor "reader" "read": a writer and a reader are things the documents never mention.
        Answer answer = await docs.AskExtractiveAsync("What does the writer give the reader?");
        Answer inflected = await docs.AskExtractiveAsync("What does the write call give the reading call?");

        Assert.True(answer.NotFound, answer.Text);
        Assert.False(inflected.NotFound);
    }

    [Fact]
    public async Task AskAsync_TermsThePassageWritesInTwoParts_IsAnswered()
    {
        using ManualAndRefunds docs = await ManualAndRefunds.CreateAsync("manual/pools.md", "The pre-defined console pool runs sub-commands with a depth of 1. Other pools are declared in the build file.", "Pools");

        // "predefined" and "subcommands" are in no chunk as such: the manual writes "pre-defined" and "sub-commands".
        Answer answer = await docs.AskExtractiveAsync("What is the depth of the predefined pool for subcommands?");

        Assert.False(answer.NotFound);
        Assert.Contains("depth of 1", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_AnswerablePhrasedWithOneWordNotInTheDocuments_IsAnswered()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var kb = new KnowledgeBase(store, embeddings, options: TestCorpus.Options());

        // "amount" is not in the setup guide; "memory" and "agent" are, and the passage holds them.
        Answer answer = await kb.AskAsync("What amount of memory does the agent require?", new AskOptions { Extractive = true }, Ct);

        Assert.False(answer.NotFound);
        Assert.Contains("4 GB", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_ShortQuestionWithAnAbbreviationTheDocumentsSpellOut_IsAnswered()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        var kb = new KnowledgeBase(store, embeddings, options: TestCorpus.Options(floor: 0));

        // "RAM" is nowhere (the guide says "memory"): one missing term of two is not a question about something else.
        Answer answer = await kb.AskAsync("How much RAM does the agent require?", new AskOptions { Extractive = true }, Ct);

        Assert.False(answer.NotFound);
        Assert.Equal(TestCorpus.SetupPath, answer.Citations[0].Source.Path);
    }

    [Fact]
    public async Task AskAsync_CheckTurnedOff_AnswersFromThePassagesFound()
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateDefaultAsync(embeddings);
        RagOptions options = TestCorpus.WithoutFloors();
        options.Answers.AbstainWhenTermsAreMissing = false;
        var kb = new KnowledgeBase(store, embeddings, options: options);

        Answer answer = await kb.AskAsync("How do I configure a proxy for wget?", new AskOptions { Extractive = true }, Ct);

        Assert.False(answer.NotFound);
    }

    /// <summary>One manual and the refunds policy in an in-memory store, asked extractively with no relevance floor.</summary>
    private sealed class ManualAndRefunds : IDisposable
    {
        private readonly InMemoryKnowledgeStore _store;
        private readonly KnowledgeBase _kb;

        private ManualAndRefunds(InMemoryKnowledgeStore store, KnowledgeBase kb) => (_store, _kb) = (store, kb);

        public static async Task<ManualAndRefunds> CreateAsync(string path, string text, string heading)
        {
            HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
            InMemoryKnowledgeStore store = await TestCorpus.CreateAsync(embeddings, (path, text, [heading]), (TestCorpus.RefundsPath, TestCorpus.Refunds, ["Refunds"]));
            return new ManualAndRefunds(store, new KnowledgeBase(store, embeddings, options: TestCorpus.Options(floor: 0)));
        }

        public Task<Answer> AskExtractiveAsync(string question) => _kb.AskAsync(question, new AskOptions { Extractive = true }, Ct);

        public void Dispose() => _store.Dispose();
    }
}
