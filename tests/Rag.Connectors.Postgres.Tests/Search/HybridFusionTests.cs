// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Connectors.Search;

namespace Rag.Connectors.Postgres.Tests.Search;

public sealed class HybridFusionTests
{
    [Fact]
    public void Fuse_MinMaxLinear_NormalisesEachListAndWeighs()
    {
        ScoredRow[] vector = [new(1, 0.9), new(2, 0.5)];
        ScoredRow[] keyword = [new(2, 8), new(3, 4)];

        List<FusedRow> fused = HybridFusion.Fuse(vector, keyword, new HybridSearchSettings { VectorWeight = 0.6 }, 10);

        // 1: 0.6·1 = 0.6; 2: 0.6·0 + 0.4·1 = 0.4; 3: 0.4·0 = 0.
        Assert.Equal([1L, 2L, 3L], fused.Select(f => f.RowId));
        Assert.Equal(0.6, fused[0].Score, 10);
        Assert.Equal(0.4, fused[1].Score, 10);
        Assert.Equal(0.5, fused[1].VectorScore);
        Assert.Equal(8, fused[1].KeywordScore);
        Assert.Null(fused[2].VectorScore);
    }

    [Fact]
    public void Fuse_ReciprocalRank_SumsWeightedReciprocalRanks()
    {
        ScoredRow[] vector = [new(1, 0.9), new(2, 0.5)];
        ScoredRow[] keyword = [new(2, 8)];

        List<FusedRow> fused = HybridFusion.Fuse(vector, keyword, new HybridSearchSettings { Method = HybridFusionMethod.ReciprocalRank, VectorWeight = 0.5, ReciprocalRankK = 10 }, 1);

        FusedRow top = Assert.Single(fused);
        Assert.Equal(2, top.RowId);
        Assert.Equal((0.5 / 12) + (0.5 / 11), top.Score, 10);
    }
}
