// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Microsoft.Data.Sqlite;
using Rag.Connectors.Search;
using Rag.Connectors.Sqlite.Search.Keywords;
using Rag.TestUtilities;

namespace Rag.Connectors.Sqlite.Tests.Search;

/// <summary>
/// MaxScore's top k (<see cref="Bm25TopK"/>) against scoring every posting, on random FTS5 tables of Zipf-skewed words with
/// duplicated rows (equal scores): the same rows in the same order with the same scores, bit for bit, for 1–8 token queries
/// and top 1, 10, 100 and more than match; and on a skewed table it scores far fewer postings.
/// </summary>
public sealed class Bm25TopKTests : IDisposable
{
    private const string Tokenizer = "unicode61";
    private const int Vocabulary = 400;
    private static readonly double[] s_weights = [2.0, 1.5, 1.0];
    private static readonly int[] s_tops = [1, 10, 100, 100_000];

    private readonly TemporaryDirectory _directory = new();
    private readonly FullTextTokenizer _tokenizer = new(Tokenizer);

    public void Dispose()
    {
        _tokenizer.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Search_Pruned_GivesTheExhaustiveRowsOrderAndScores(int seed)
    {
        var random = new Random(seed);
        using SqliteConnection connection = CreateTable(random, "t" + seed, rows: 3000);
        using var pruned = new Bm25Ranker("chunks_fts", _tokenizer, s_weights);
        using var exhaustive = new Bm25Ranker("chunks_fts", _tokenizer, s_weights, prune: false);

        int ties = 0;
        for (int q = 0; q < 60; q++)
        {
            string expression = Query(random, random.Next(1, 9));
            foreach (int top in s_tops)
            {
                List<ScoredRow> expected = exhaustive.Search(connection, expression, top)!;
                List<ScoredRow> actual = pruned.Search(connection, expression, top)!;
                Assert.Equal(expected.Select(r => r.RowId), actual.Select(r => r.RowId));
                Assert.Equal(expected.Select(r => r.Score), actual.Select(r => r.Score));
                ties += expected.Zip(expected.Skip(1)).Count(p => p.First.Score == p.Second.Score);
            }
        }

        Assert.True(ties > 50, $"only {ties} equal neighbouring scores: the ties are not exercised");
    }

    [Fact]
    public void Search_SkewedTable_ScoresFewPostings()
    {
        using SqliteConnection connection = CreateTable(new Random(7), "skewed", rows: 20_000);
        using var pruned = new Bm25Ranker("chunks_fts", _tokenizer, s_weights);
        using var exhaustive = new Bm25Ranker("chunks_fts", _tokenizer, s_weights, prune: false);
        string expression = string.Join(" OR ", new[] { 0, 1, 2, 150 }.Select(Word));

        Assert.Equal(exhaustive.Search(connection, expression, 10), pruned.Search(connection, expression, 10));

        Assert.True(pruned.PostingsScored * 5 < exhaustive.PostingsScored, $"scored {pruned.PostingsScored} of {exhaustive.PostingsScored} postings");
    }

    /// <summary>A table of random rows (title, headings, text) of Zipf-distributed words; one row in six repeats an earlier one.</summary>
    private SqliteConnection CreateTable(Random random, string name, int rows)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, name + ".db")};Pooling=False");
        connection.Open();
        Execute(connection, $"CREATE VIRTUAL TABLE chunks_fts USING fts5 (title, headings, text, lang UNINDEXED, tokenize = '{Tokenizer}');");
        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO chunks_fts (title, headings, text, lang) VALUES ($title, $headings, $text, 'en');";
        var written = new List<string[]>();
        for (int i = 0; i < rows; i++)
        {
            string[] row = written.Count > 0 && random.Next(6) == 0
                ? written[random.Next(written.Count)]
                : [Words(random, random.Next(0, 4)), Words(random, random.Next(0, 3)), Words(random, random.Next(1, 40))];
            written.Add(row);
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$title", row[0]);
            insert.Parameters.AddWithValue("$headings", row[1]);
            insert.Parameters.AddWithValue("$text", row[2]);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return connection;
    }

    /// <summary>An OR of quoted words: mostly Zipf-drawn (common ones repeat), some uniform (rare), now and then one no row holds.</summary>
    private static string Query(Random random, int tokens) => string.Join(" OR ", Enumerable.Range(0, tokens).Select(_ => random.Next(10) switch
    {
        0 => "\"absent\"",
        < 4 => Word(random.Next(Vocabulary)),
        _ => Word(Zipf(random)),
    }));

    private static string Words(Random random, int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => "w" + Zipf(random).ToString(CultureInfo.InvariantCulture)));

    private static string Word(int rank) => "\"w" + rank.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>A word rank with probability about 1 / (rank + 1).</summary>
    private static int Zipf(Random random) => Math.Min(Vocabulary - 1, (int)Math.Exp(random.NextDouble() * Math.Log(Vocabulary + 1)) - 1);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
