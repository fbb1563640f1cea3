// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Onnx.Tests;

public sealed class BatchingTests
{
    [Fact]
    public void NextBatchSize_EqualLengths_FillsUpToMaxBatchSize()
    {
        int[][] inputs = [.. Enumerable.Range(0, 10).Select(_ => new int[50])];
        int[] order = [.. Enumerable.Range(0, 10)];

        Assert.Equal(4, BertOnnxEmbeddingGenerator.NextBatchSize(inputs, order, 0, 4));
        Assert.Equal(2, BertOnnxEmbeddingGenerator.NextBatchSize(inputs, order, 8, 4));
    }

    [Fact]
    public void NextBatchSize_LengthJump_StartsANewBatchInsteadOfPadding()
    {
        int[][] inputs = [new int[20], new int[20], new int[21], new int[80], new int[81]];
        int[] order = [0, 1, 2, 3, 4];

        Assert.Equal(3, BertOnnxEmbeddingGenerator.NextBatchSize(inputs, order, 0, 32));
        Assert.Equal(2, BertOnnxEmbeddingGenerator.NextBatchSize(inputs, order, 3, 32));
    }
}
