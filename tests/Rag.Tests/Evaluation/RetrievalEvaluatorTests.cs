// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Evaluation;

namespace Rag.Tests.Evaluation;

public sealed class RetrievalEvaluatorTests
{
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Judgements(params (string Query, string[] Docs)[] items) =>
        items.ToDictionary(i => i.Query, i => (IReadOnlyDictionary<string, int>)i.Docs.ToDictionary(d => d, _ => 1));

    [Fact]
    public void Evaluate_PerfectRanking_ScoresOne()
    {
        var metrics = RetrievalEvaluator.Evaluate(
            Judgements(("q1", ["a", "b"])),
            new Dictionary<string, IReadOnlyList<string>> { ["q1"] = ["a", "b", "c"] });

        Assert.Equal(1.0, metrics.NdcgAt10, 10);
        Assert.Equal(1.0, metrics.RecallAt10, 10);
        Assert.Equal(1.0, metrics.MrrAt10, 10);
    }

    [Fact]
    public void Evaluate_RelevantAtRankThree_MatchesHandComputedValues()
    {
        var metrics = RetrievalEvaluator.Evaluate(
            Judgements(("q1", ["c"])),
            new Dictionary<string, IReadOnlyList<string>> { ["q1"] = ["a", "b", "c"] });

        // DCG = 1/log2(4) = 0.5; IDCG = 1.
        Assert.Equal(0.5, metrics.NdcgAt10, 10);
        Assert.Equal(1.0 / 3, metrics.MrrAt10, 10);
        Assert.Equal(1.0, metrics.RecallAt10, 10);
    }

    [Fact]
    public void Evaluate_MissingRankingAndDuplicates_AverageOverJudgedQueries()
    {
        var metrics = RetrievalEvaluator.Evaluate(
            Judgements(("q1", ["a", "b"]), ("q2", ["z"])),
            new Dictionary<string, IReadOnlyList<string>> { ["q1"] = ["x", "a", "a", "y"] });

        // q1: duplicates collapse, so 'a' is at rank 2: DCG = 1/log2(3); IDCG = 1 + 1/log2(3). q2 scores 0.
        double q1 = (1 / Math.Log2(3)) / (1 + (1 / Math.Log2(3)));
        Assert.Equal(2, metrics.QueryCount);
        Assert.Equal(q1 / 2, metrics.NdcgAt10, 10);
        Assert.Equal(0.25, metrics.RecallAt10, 10);
        Assert.Equal(0.25, metrics.MrrAt10, 10);
    }

    [Fact]
    public void Evaluate_RelevantBeyondTen_CountsOnlyForRecallAt100()
    {
        string[] ranking = [.. Enumerable.Range(0, 20).Select(i => $"d{i}")];
        var metrics = RetrievalEvaluator.Evaluate(
            Judgements(("q", ["d15"])),
            new Dictionary<string, IReadOnlyList<string>> { ["q"] = ranking });

        Assert.Equal(0, metrics.NdcgAt10);
        Assert.Equal(0, metrics.RecallAt10);
        Assert.Equal(1, metrics.RecallAt100);
        Assert.Equal(0, metrics.MrrAt10);
    }

    [Fact]
    public void Evaluate_NoJudgements_Throws() =>
        Assert.Throws<ArgumentException>(() => RetrievalEvaluator.Evaluate(
            new Dictionary<string, IReadOnlyDictionary<string, int>>(),
            new Dictionary<string, IReadOnlyList<string>>()));
}
