// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Connectors.Search;
using Rag.Connectors.Sqlite.Search;

namespace Rag.Connectors.Sqlite.Tests.Search;

public sealed class VectorIndexTests
{
    [Fact]
    public void Search_ExactIndex_MatchesBruteForceAndFollowsRemovals()
    {
        // Arrange
        var random = new Random(7);
        var index = new VectorIndex(16, VectorMetric.Cosine, quantized: false);
        float[][] vectors = [.. Enumerable.Range(0, 500).Select(_ => Enumerable.Range(0, 16).Select(_ => (float)random.NextDouble() - 0.5f).ToArray())];
        for (int i = 0; i < vectors.Length; i++)
        {
            index.Set(i, 0, vectors[i]);
        }

        index.Remove(10);
        index.Remove(499);
        float[] query = vectors[10];

        // Act
        List<ScoredRow> top = index.Search(index.PrepareQuery(query), 5, null);

        // Assert
        long[] expected = [.. Enumerable.Range(0, 500).Where(i => i is not 10 and not 499)
            .OrderByDescending(i => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(query, vectors[i])).Take(5).Select(i => (long)i)];
        Assert.Equal(expected, top.Select(r => r.RowId));
        Assert.Equal(498, index.Count);
    }

    [Theory]
    [InlineData(384)]
    [InlineData(7)] // shorter than a vector register
    [InlineData(45)] // one 32-code block and a tail
    [InlineData(1536)] // longer than the stack scratch
    public void Quantize_RandomAndHalfwayValues_EqualsElementByElementRounding(int dimensions)
    {
        var random = new Random(dimensions);
        for (int trial = 0; trial < 50; trial++)
        {
            float[] vector = [.. Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5))];
            if (trial % 2 == 1)
            {
                // Values that scale to exactly k + 0.5 (the largest magnitude is 127, so the scale is 1): round half to even.
                vector = [.. Enumerable.Range(0, dimensions).Select(i => i == 0 ? 127f : (random.Next(-127, 127) + 0.5f))];
            }

            var codes = new sbyte[dimensions];
            float scale = VectorIndex.Quantize(vector, codes);

            float inverse = 1f / scale;
            sbyte[] expected = [.. vector.Select(v => (sbyte)Math.Clamp(MathF.Round(v * inverse, MidpointRounding.ToEven), -127f, 127f))];
            Assert.Equal(expected, codes);
        }
    }

    [Fact]
    public void Search_Quantized_KeepsRecallAbove90Percent()
    {
        var random = new Random(3);
        var exact = new VectorIndex(64, VectorMetric.Cosine, quantized: false);
        var quantized = new VectorIndex(64, VectorMetric.Cosine, quantized: true);
        for (int i = 0; i < 2000; i++)
        {
            float[] v = [.. Enumerable.Range(0, 64).Select(_ => (float)random.NextDouble() - 0.5f)];
            exact.Set(i, 0, v);
            quantized.Set(i, 0, v);
        }

        int hits = 0;
        for (int q = 0; q < 20; q++)
        {
            float[] query = [.. Enumerable.Range(0, 64).Select(_ => (float)random.NextDouble() - 0.5f)];
            HashSet<long> truth = [.. exact.Search(exact.PrepareQuery(query), 10, null).Select(r => r.RowId)];
            hits += quantized.Search(quantized.PrepareQuery(query), 10, null).Count(r => truth.Contains(r.RowId));
        }

        Assert.True(hits >= 180, $"int8 recall@10 without rescoring was {hits / 200.0:P0}");
        Assert.True(quantized.MemoryBytes * 3 < exact.MemoryBytes);
    }

    [Theory]
    [InlineData(true, 3)]
    [InlineData(true, 64)]
    [InlineData(true, 384)]
    [InlineData(true, 1536)]
    [InlineData(false, 64)]
    [InlineData(false, 384)]
    public void ErrorMargin_BoundsEveryRowsApproximateScore(bool cosine, int dimensions)
    {
        VectorMetric metric = cosine ? VectorMetric.Cosine : VectorMetric.DotProduct;
        // Rows of norms 1e-3 to 1e3, sparse rows, one spike and rows whose rounding all goes one way; random queries, the
        // all-ones query and stored rows as queries.
        var random = new Random(dimensions);
        var index = new VectorIndex(dimensions, metric, quantized: true);
        var rows = new List<float[]>();
        for (int i = 0; i < 400; i++)
        {
            float norm = MathF.Pow(10, random.Next(-3, 4));
            float[] row = [.. Enumerable.Range(0, dimensions).Select(d => i % 7 == 0 && d % 5 != 0 ? 0f : ((float)random.NextDouble() - 0.5f) * norm)];
            if (i == 1)
            {
                row[0] = 1e6f;
            }
            else if (i % 11 == 3)
            {
                row = [127f, .. Enumerable.Repeat(10.49f, dimensions - 1)]; // every component rounds the same way
            }

            rows.Add(row);
            index.Set(i, 0, row);
        }

        double worst = 0;
        for (int q = 0; q < 40; q++)
        {
            float[] query = q % 5 == 0 ? rows[q] : q % 5 == 1 ? [.. Enumerable.Repeat(1f, dimensions)] : [.. Enumerable.Range(0, dimensions).Select(_ => (float)random.NextDouble() - (q % 4 == 0 ? 0.2f : 0.5f))];
            float[] prepared = index.PrepareQuery(query);
            VectorIndex.ErrorMargins margins = index.ErrorMarginsOf(prepared);
            List<ScoredRow> approximate = index.Scores(Enumerable.Range(0, rows.Count).Select(i => (long)i), prepared);
            for (int i = 0; i < rows.Count; i++)
            {
                double error = Math.Abs(index.ExactSimilarity(prepared, rows[i]) - approximate[i].Score);
                double margin = margins.Of(i);
                Assert.True(error <= margin, $"row {i}, query {q}: the int8 score is {error:E3} off, more than the margin {margin:E3}");
                Assert.True(margin <= margins.Largest, $"row {i}: its margin {margin:E3} exceeds the index's {margins.Largest:E3}");
                worst = Math.Max(worst, error / margin);
            }
        }

        Assert.True(worst > 0.01, $"the margin is {1 / worst:F0} times the largest error: too loose to be useful");
    }

    [Fact]
    public void Search_QuantizedAboveParallelThreshold_EqualsSequentialRankingOfItsOwnScores()
    {
        // Arrange: enough rows for the scan to be split across cores, with removals and a filter.
        var random = new Random(11);
        var index = new VectorIndex(24, VectorMetric.Cosine, quantized: true);
        int rows = VectorIndex.ParallelScanRows * 2 + 123;
        for (int i = 0; i < rows; i++)
        {
            index.Set(i, i % 7, [.. Enumerable.Range(0, 24).Select(_ => (float)random.NextDouble() - 0.5f)]);
        }

        for (int i = 0; i < 500; i++)
        {
            index.Remove(random.Next(rows));
        }

        float[] query = index.PrepareQuery([.. Enumerable.Range(0, 24).Select(_ => (float)random.NextDouble() - 0.5f)]);
        Func<long, int, bool> filter = (_, group) => group != 3;

        // Act
        List<ScoredRow> top = index.Search(query, 50, filter);

        // Assert: the same rows and scores as scoring every live row one by one.
        ScoredRow[] expected = [.. index.Scores(Enumerable.Range(0, rows).Where(i => i % 7 != 3 && index.Contains(i)).Select(i => (long)i), query)
            .OrderByDescending(r => r.Score).ThenBy(r => r.RowId).Take(50)];
        Assert.Equal(expected, top);
    }

    [Fact]
    public void TrimExcess_AfterGrowth_HoldsExactlyTheRowsAndKeepsThem()
    {
        var index = new VectorIndex(8, VectorMetric.Cosine, quantized: true);
        for (int i = 0; i < 1100; i++)
        {
            index.Set(i, 0, [1, i, 0, 0, 0, 0, 0, 1]);
        }

        float[] query = index.PrepareQuery([1, 2, 3, 4, 5, 6, 7, 8]);
        List<ScoredRow> before = index.Scores(Enumerable.Range(0, 1100).Select(i => (long)i), query);

        index.TrimExcess();

        Assert.Equal(1100L * (8 + sizeof(float) + sizeof(float)), index.MemoryBytes); // codes, scale, rounding sum
        Assert.Equal(1100, before.Count);
        Assert.Equal(before, index.Scores(Enumerable.Range(0, 1100).Select(i => (long)i), query));
        index.Set(1100, 0, [1, 0, 0, 0, 0, 0, 0, 0]);
        Assert.Equal(1101, index.Count);
    }
}
