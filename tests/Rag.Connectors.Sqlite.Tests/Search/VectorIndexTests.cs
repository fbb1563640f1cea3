// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Connectors.Search;
using Rag.Connectors.Sqlite.Search;

namespace Rag.Connectors.Sqlite.Tests.Search;

public sealed class VectorIndexTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(31)]
    [InlineData(384)]
    public void DotInt8_MatchesScalar(int length)
    {
        var random = new Random(length);
        sbyte[] a = [.. Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128))];
        sbyte[] b = [.. Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128))];
        int expected = a.Zip(b, (x, y) => x * y).Sum();

        Assert.Equal(expected, VectorIndex.DotInt8(a, b));
    }

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
}
