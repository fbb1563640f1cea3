// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Connectors.Sqlite.Search.Keywords;

namespace Rag.Connectors.Sqlite.Tests.Search;

/// <summary>
/// The compact posting list of the in-memory BM25 ranker: frequencies coded per list (6 bytes a posting), a list with more
/// distinct frequencies than a code holds refused (its query goes to <c>bm25()</c> in SQL), and changes keeping slot order
/// and every frequency.
/// </summary>
public sealed class Bm25PostingsTests
{
    [Fact]
    public void Builder_FrequenciesRepeat_KeepsEachPostingsFrequencyAtSixBytesAPosting()
    {
        var builder = new Bm25Postings.Builder();
        for (int row = 0; row < 10_000; row++)
        {
            Assert.True(builder.Add(row, 1.0 + (row % 7 * 0.5)));
        }

        Bm25Postings postings = builder.Build();

        Assert.Equal(Enumerable.Range(0, 10_000), postings.Rows);
        Assert.All(Enumerable.Range(0, 10_000), at => Assert.Equal(1.0 + (at % 7 * 0.5), postings.Frequency(at)));
        Assert.InRange(postings.Bytes, 60_000, 60_200);
    }

    [Fact]
    public void Builder_OneDistinctFrequencyTooMany_RefusesIt()
    {
        var builder = new Bm25Postings.Builder();
        for (int row = 0; row < Bm25Postings.MaxDistinctFrequencies; row++)
        {
            Assert.True(builder.Add(row, row + 1.0));
        }

        Assert.True(builder.Add(Bm25Postings.MaxDistinctFrequencies, 1.0)); // a frequency already coded
        Assert.False(builder.Add(Bm25Postings.MaxDistinctFrequencies + 1, 0.25));
    }

    [Fact]
    public void Change_RemovedAndAddedSlots_KeepsSlotOrderAndFrequencies()
    {
        var builder = new Bm25Postings.Builder();
        foreach ((int row, double frequency) in new[] { (1, 1.0), (3, 2.0), (5, 1.0), (8, 3.5), (9, 1.0) })
        {
            builder.Add(row, frequency);
        }

        Bm25Postings changed = builder.Build().Change([3, 4, 9], [(0, 0.75), (6, 2.0), (12, 4.0)])!;

        Assert.Equal([0, 1, 5, 6, 8, 12], changed.Rows);
        Assert.Equal([0.75, 1.0, 1.0, 2.0, 3.5, 4.0], Enumerable.Range(0, changed.Rows.Length).Select(changed.Frequency));
    }

    [Fact]
    public void BoundFor_RowsOfAnAverage_IsTheLargestFrequencyPart()
    {
        var rows = new Bm25Rows([10, 20, 30, 40], [5, 50, 10, 100]);
        var builder = new Bm25Postings.Builder();
        builder.Add(0, 1.0);
        builder.Add(1, 4.0);
        builder.Add(3, 2.0);

        Bm25Postings bound = builder.Build().BoundFor(rows);

        double expected = new[] { rows.FrequencyPart(1.0, 0), rows.FrequencyPart(4.0, 1), rows.FrequencyPart(2.0, 3) }.Max();
        Assert.Equal(expected, bound.MaxPart);
        Assert.Equal(rows.AverageLength, bound.Average);
        Assert.Same(bound, bound.BoundFor(rows));
    }
}
