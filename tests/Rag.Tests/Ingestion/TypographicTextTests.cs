// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Ingestion;
using Rag.TestUtilities;

namespace Rag.Tests.Ingestion;

/// <summary>Ligatures and typesetters' hyphens are undone when a document is read, so its words are found as typed.</summary>
public sealed class TypographicTextTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("The ﬁrewall conﬁguration ﬁle", "The firewall configuration file")]
    [InlineData("eﬀort, ﬂag, oﬃce, baﬄe, ﬅop, ﬆar", "effort, flag, office, baffle, stop, star")]
    // groff's hyphen at a line end: the word is joined and the line break moves after it (same line count).
    [InlineData("reads the configu\u2010\n       ration directory when", "reads the configuration\n        directory when")]
    [InlineData("an en\u2010\r\n  vironment variable", "an environment\r\n   variable")]
    // A soft hyphen is invisible: removed, and joined across a line end.
    [InlineData("data\u00ADbase and con\u00AD\nnection", "database and connection\n")]
    // An ASCII hyphen is left as written, and so is a hyphen before a capital or a number.
    [InlineData("a well-\nknown X11\u2010\nForwarding", "a well-\nknown X11\u2010\nForwarding")]
    public void Normalize_TypesetText_IsSpelledAsTyped(string text, string expected)
    {
        Assert.Equal(expected, TypographicText.Normalize(text));
    }

    [Fact]
    public void Normalize_PlainText_IsTheSameInstance()
    {
        const string Text = "Nothing typeset here.";

        Assert.Same(Text, TypographicText.Normalize(Text));
    }

    [Fact]
    public async Task SyncFolderAsync_TextWithLigaturesAndManPageHyphens_IsFoundByTheTypedWords()
    {
        _folder.WriteFile("lig.txt", "The ﬁrewall conﬁguration ﬁle lives in the etc folder of the quokka gateway.");
        _folder.WriteFile("man.txt", "The gateway daemon reads its settings from the configu\u2010\n       ration directory when the okapi service starts.\nSecond line.");
        var store = new InMemoryKnowledgeStore();
        var ingestor = new DocumentIngestor(store, new HashingEmbeddingGenerator());

        await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        IReadOnlyList<ChunkSearchResult> ligature = await store.SearchAsync(new ChunkSearchRequest { Keywords = "firewall", Top = 5 }, Ct);
        IReadOnlyList<ChunkSearchResult> hyphen = await store.SearchAsync(new ChunkSearchRequest { Keywords = "configuration directory okapi", Top = 5 }, Ct);
        Assert.Equal("lig.txt", Assert.Single(ligature).Chunk.Path);
        DocumentChunk man = hyphen[0].Chunk;
        Assert.Equal("man.txt", man.Path);
        Assert.Contains("configuration\n", man.Text, StringComparison.Ordinal);
        Assert.Equal((1, 3), (man.StartLine, man.EndLine));
    }
}
