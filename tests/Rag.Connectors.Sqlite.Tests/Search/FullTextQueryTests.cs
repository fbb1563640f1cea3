// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Connectors.Sqlite.Search;

namespace Rag.Connectors.Sqlite.Tests.Search;

public sealed class FullTextQueryTests
{
    [Fact]
    public void FromText_Question_OrsQuotedNonStopwords()
    {
        Assert.Equal("\"rockets\" OR \"reach\" OR \"orbit\"", FullTextQuery.FromText("How do the rockets reach orbit?"));
    }

    [Fact]
    public void FromText_OnlyStopwords_KeepsThem()
    {
        Assert.Equal("\"the\" OR \"and\"", FullTextQuery.FromText("the and"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("*** \"\" ()")]
    public void FromText_NoTerms_ReturnsNull(string text)
    {
        Assert.Null(FullTextQuery.FromText(text));
    }

    [Fact]
    public void FromText_OperatorsAndSyntax_BecomeQuotedTerms()
    {
        Assert.Equal("\"near\" OR \"cats\" OR \"dogs\"", FullTextQuery.FromText("NEAR(cats* dogs)"));
    }

    [Fact]
    public void Build_TermWithQuote_DoublesIt()
    {
        Assert.Equal("\"a\"\"b\"", FullTextQuery.Build(["a\"b"]));
    }
}
