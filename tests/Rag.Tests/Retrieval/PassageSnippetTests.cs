// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Tests.Retrieval;

public sealed class PassageSnippetTests
{
    private static readonly string s_filler = string.Join(' ', Enumerable.Repeat("lorem ipsum dolor sit amet", 30));

    [Fact]
    public void For_TermOnlyAtTheEndOfALongLine_ShowsTheStretchAroundIt()
    {
        string text = s_filler + " the gateway timeout is ninety seconds by default.";

        string snippet = PassageSnippet.For(text, Terms("gateway timeout"));

        Assert.StartsWith("…", snippet, StringComparison.Ordinal);
        Assert.Contains("the gateway timeout is ninety seconds by default.", snippet, StringComparison.Ordinal);
        Assert.InRange(snippet.Length, 1, PassageSnippet.MaxLength);
    }

    [Fact]
    public void For_TermInTheMiddle_CutsBothSidesAtWordsAndCentresTheHit()
    {
        string text = s_filler + " gateway " + s_filler;

        string snippet = PassageSnippet.For(text, Terms("gateway"));

        Assert.StartsWith("…", snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet, StringComparison.Ordinal);
        Assert.InRange(snippet.Length, 1, PassageSnippet.MaxLength);
        int hit = snippet.IndexOf("gateway", StringComparison.Ordinal);
        Assert.InRange(hit, PassageSnippet.MaxLength / 4, PassageSnippet.MaxLength * 3 / 4);
        Assert.All(snippet.Trim('…').Split(' '), w => Assert.Contains(w, new[] { "lorem", "ipsum", "dolor", "sit", "amet", "gateway" }));
    }

    [Fact]
    public void For_TermNearTheStart_KeepsThePassageStart()
    {
        string text = "Gateway settings. " + s_filler;

        string snippet = PassageSnippet.For(text, Terms("gateway"));

        Assert.Equal(TextAnalysis.Truncate(text, PassageSnippet.MaxLength), snippet);
    }

    [Fact]
    public void For_StretchWithMoreOfTheQueryTerms_WinsOverAnEarlierOneWithFewer()
    {
        string text = "A gateway is mentioned here. " + s_filler + " Set the gateway timeout to ninety seconds. " + s_filler;

        string snippet = PassageSnippet.For(text, Terms("gateway timeout"));

        Assert.Contains("gateway timeout to ninety seconds", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void For_NoTermInThePassage_ShowsItsStart()
    {
        string snippet = PassageSnippet.For(s_filler, Terms("gateway"));

        Assert.Equal(TextAnalysis.Truncate(s_filler, PassageSnippet.MaxLength), snippet);
    }

    [Fact]
    public void For_InflectedQueryTerm_MatchesTheWordInThePassage()
    {
        string text = s_filler + " all refunds are paid within 30 days.";

        string snippet = PassageSnippet.For(text, Terms("refund"));

        Assert.Contains("all refunds are paid within 30 days.", snippet, StringComparison.Ordinal);
    }

    private static HashSet<string> Terms(string query) => [.. TextAnalysis.ContentTerms(query)];
}
