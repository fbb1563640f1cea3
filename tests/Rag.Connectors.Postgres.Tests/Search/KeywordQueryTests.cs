// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Connectors.Postgres.Search;

namespace Rag.Connectors.Postgres.Tests.Search;

public sealed class KeywordQueryTests
{
    [Theory]
    [InlineData("How do rockets reach orbit?", "rockets reach orbit")]
    [InlineData("cats & !dogs :* <-> (x)", "cats dogs x")]
    [InlineData("'; DROP TABLE chunks; --", "drop table chunks")]
    [InlineData("the of", "the of")]
    [InlineData("Café crème", "café crème")]
    public void FromText_FreeText_ListsSanitisedTerms(string text, string expected) =>
        Assert.Equal(expected, string.Join(' ', KeywordQuery.FromText(text)!));

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("*** ((( !!")]
    public void FromText_NoTerms_ReturnsNull(string? text) => Assert.Null(KeywordQuery.FromText(text));
}
