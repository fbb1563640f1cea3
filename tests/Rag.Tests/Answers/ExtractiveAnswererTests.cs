// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.TestUtilities;

namespace Rag.Tests.Answers;

/// <summary>Extractive answers over passages shaped like real manuals: hard-wrapped text, lists, option tables, contents pages.</summary>
public sealed class ExtractiveAnswererTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Answer> AskAsync(string question, params (string Path, string Text, string[] Headings)[] documents)
    {
        HashingEmbeddingGenerator embeddings = TestCorpus.CreateEmbeddings();
        using InMemoryKnowledgeStore store = await TestCorpus.CreateAsync(embeddings, documents);
        var kb = new KnowledgeBase(store, embeddings, chatClient: null, TestCorpus.Options(floor: 0.05));
        return await kb.AskAsync(question, cancellationToken: Ct);
    }

    [Fact]
    public async Task AskAsync_HardWrappedManualText_AnswerHoldsTheWholeSentence()
    {
        Answer answer = await AskAsync(
            "What is the default weight of a glob pattern?",
            ("mime/spec.txt", "Glob patterns\nEach glob pattern has a weight that decides which match wins when\nseveral patterns match. The default weight value is\n50, and the maximum is 100.", ["Globs"]));

        Assert.True(answer.IsExtractive);
        Assert.Contains("The default weight value is 50, and the maximum is 100 [1].", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_BestSentenceStopsShort_ExtendsToTheFollowingSentences()
    {
        // A sentence split across two PDF text blocks, and a sentence that introduces a list.
        Answer cache = await AskAsync(
            "Where is the index cache stored?",
            ("guide.pdf", "The index cache is stored in the directory named by the\n\nRAG_CACHE environment variable. It can be deleted at any time.", ["Caching"]));
        Answer formats = await AskAsync(
            "Which export formats are supported?",
            ("guide.md", "The supported export formats are:\n\nCSV with a header row\n\nJSON lines, one object per line", ["Export"]));

        Answer include = await AskAsync(
            "Which header file must be included to use the functions?",
            ("libidn2.pdf", "To use the functions documented in this chapter, you need to include the file idn2.h like this:\n\n#include <idn2.h>", ["Header file idn2.h"]));

        Assert.StartsWith("To use the functions documented in this chapter, you need to include the file idn2.h like this: #include <idn2.h> [1].", include.Text, StringComparison.Ordinal);
        Assert.StartsWith("The index cache is stored in the directory named by the RAG_CACHE environment variable [1].", cache.Text, StringComparison.Ordinal);
        Assert.StartsWith("The supported export formats are: CSV with a header row [1].", formats.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(":.", formats.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_ContentsPageAndHeadingOnlyChunkRankFirst_AnswerQuotesBodyText()
    {
        Answer answer = await AskAsync(
            "Which header file declares the ASN.1 structure handling functions?",
            ("libfoo.pdf#contents", "Contents\n\nHeader file libfoo.h .......... 4\nASN.1 structure handling functions .......... 12\nASN.1 header file declarations .......... 15", ["Contents"]),
            ("libfoo.pdf#heading", "ASN.1 structure handling functions", ["Reference", "ASN.1 structure handling functions"]),
            ("libfoo.pdf#body", "All ASN.1 structure handling functions are declared in the header file libfoo.h, which the library installs.", ["Reference", "ASN.1 structure handling functions"]));

        Assert.StartsWith("All ASN.1 structure handling functions are declared in the header file libfoo.h", answer.Text, StringComparison.Ordinal);
        Assert.Equal("libfoo.pdf#body", Assert.Single(answer.Citations).Source.Path);
    }

    [Fact]
    public async Task AskAsync_ManPageDefinitionSecondSentence_QuotesItWithItsOption()
    {
        Answer answer = await AskAsync(
            "How do I make curl follow redirects?",
            ("curl.1.txt",
             "-L, --location\n       (HTTP) Follow redirects. If the server reports that the requested page has moved, this option makes curl\n       redo the request on the new place and follow redirects.",
             ["OPTIONS"]));

        Assert.Contains("-L, --location — ", answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    // An option asked about literally: its description, not the sentence sharing the question's words.
    [InlineData(
        "What does the -k option of bzip2 do?",
        "The bzip2 option that matters on small machines is the block size.\n\n-k, --keep  Keep (don't delete) input files during compression.",
        "-k, --keep — Keep (don't delete) input files during compression [1].")]
    // "Who": the sentence naming people.
    [InlineData(
        "Who described the RSA algorithm in 1978?",
        "The RSA algorithm was described in 1978 and was the first practical signature algorithm. The RSA algorithm described in 1978 was invented by Ron Rivest, Adi Shamir and Leonard Adleman.",
        "The RSA algorithm described in 1978 was invented by Ron Rivest, Adi Shamir and Leonard Adleman [1].")]
    // An option table row: the answer names the option with its description.
    [InlineData(
        "Which option performs a benchmark on decoding?",
        "OPTIONS\n\n-h, --help       print help and exit\n-b, --benchmark  perform a benchmark on decoding\n-v, --version    print version information and exit",
        "-b, --benchmark — perform a benchmark on decoding [1].")]
    // "Which option": the definition of the option, not the sentence that shares more of the question's words.
    [InlineData(
        "Which command line option of bc defines the standard math library?",
        "A standard math library is available by command line option in bc, and the library is defined before any file is read.\n\n-l, --mathlib  Define the standard math library.\n-w, --warn  Give warnings for extensions to POSIX bc.",
        "-l, --mathlib — Define the standard math library [1].")]
    // "How often": the sentence holding a number, not the one sharing as many words without it.
    [InlineData(
        "How often do checkpoints happen by default?",
        "By default checkpoints should not happen too often. By default, checkpoints happen every 5 minutes.",
        "By default, checkpoints happen every 5 minutes [1].")]
    // "What was missing" (Spanish): the sentence that denies something.
    [InlineData(
        "¿Qué le faltaba al modelo filtrado?",
        "Al modelo filtrado le dedicaron un foro entero. Al modelo filtrado no le dieron instrucciones ni RLHF.",
        "Al modelo filtrado no le dieron instrucciones ni RLHF [1].")]
    public async Task AskAsync_QuestionAskingForAKindOfFact_QuotesTheSentenceHoldingIt(string question, string passage, string expectedStart)
    {
        Answer answer = await AskAsync(question, ("manual.txt", passage, ["Manual"]));

        Assert.True(answer.Text.StartsWith(expectedStart, StringComparison.Ordinal), answer.Text);
    }

    [Fact]
    public async Task AskAsync_OnlyAnIndexPageIsFound_IsNotFoundRatherThanQuotingIt()
    {
        Answer answer = await AskAsync(
            "Where is memxor described?",
            ("nettle.pdf#index", "Index\n\nmd5_update.................................... 16\nmemeql_sec.................................... 97\nmemxor ........................................ 97", ["Index"]));

        Assert.True(answer.NotFound);
        Assert.Empty(answer.Citations);
    }
}
