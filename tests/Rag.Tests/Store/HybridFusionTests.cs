// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Tests.Store;

public sealed class HybridFusionTests
{
    [Fact]
    public void Fuse_MinMaxLinear_NormalisesEachListAndWeighs()
    {
        ChunkCandidate[] vector = [new(1, 0.9), new(2, 0.5)];
        ChunkCandidate[] keyword = [new(2, 8), new(3, 4)];

        IReadOnlyList<FusedCandidate> fused = HybridFusion.Fuse(vector, keyword, new HybridSearchSettings { VectorWeight = 0.6 }, 10);

        // 1: 0.6·1 = 0.6; 2: 0.6·0 + 0.4·1 = 0.4; 3: 0.4·0 = 0.
        Assert.Equal([1L, 2L, 3L], fused.Select(f => f.ChunkKey));
        Assert.Equal(0.6, fused[0].Score, 10);
        Assert.Equal(0.4, fused[1].Score, 10);
        Assert.Equal(0.5, fused[1].VectorScore);
        Assert.Equal(8, fused[1].KeywordScore);
        Assert.Null(fused[2].VectorScore);
    }

    [Fact]
    public void Fuse_ReciprocalRank_SumsWeightedReciprocalRanks()
    {
        ChunkCandidate[] vector = [new(1, 0.9), new(2, 0.5)];
        ChunkCandidate[] keyword = [new(2, 8)];

        IReadOnlyList<FusedCandidate> fused = HybridFusion.Fuse(vector, keyword, new HybridSearchSettings { Method = HybridFusionMethod.ReciprocalRank, VectorWeight = 0.5, ReciprocalRankK = 10 }, 1);

        FusedCandidate top = Assert.Single(fused);
        Assert.Equal(2, top.ChunkKey);
        Assert.Equal((0.5 / 12) + (0.5 / 11), top.Score, 10);
    }

    [Fact]
    public void Fuse_DistributionBased_MapsMeanPlusMinusThreeDeviationsOntoTheUnitRange()
    {
        ChunkCandidate[] vector = [new(1, 0.9), new(2, 0.7), new(3, 0.5)];
        double deviation = Math.Sqrt(((0.2 * 0.2) + 0 + (0.2 * 0.2)) / 3);

        IReadOnlyList<FusedCandidate> fused = HybridFusion.Fuse(vector, [], new HybridSearchSettings { Method = HybridFusionMethod.DistributionBased, VectorWeight = 1 }, 3);

        Assert.Equal([1L, 2L, 3L], fused.Select(f => f.ChunkKey));
        Assert.Equal((0.9 - (0.7 - (3 * deviation))) / (6 * deviation), fused[0].Score, 10);
        Assert.Equal(0.5, fused[1].Score, 10); // the mean maps to the middle
    }

    [Fact]
    public void Fuse_DistributionBased_ClampsAnOutlierInsteadOfSquashingTheRestOfItsList()
    {
        // Ten equal keyword scores and one far above: min-max maps the ten to 0; mean ± 3σ keeps them at a fair share.
        ChunkCandidate[] keyword = [new(0, 1), .. Enumerable.Range(1, 10).Select(i => new ChunkCandidate(i, 0))];
        double mean = 1.0 / 11;
        double deviation = Math.Sqrt(10) / 11;

        IReadOnlyList<FusedCandidate> fused = HybridFusion.Fuse([], keyword, new HybridSearchSettings { Method = HybridFusionMethod.DistributionBased, VectorWeight = 0 }, 11);
        IReadOnlyList<FusedCandidate> minMax = HybridFusion.Fuse([], keyword, new HybridSearchSettings { VectorWeight = 0 }, 11);

        Assert.Equal(1, fused[0].Score, 10); // beyond mean + 3σ: clamped
        Assert.Equal(((3 * deviation) - mean) / (6 * deviation), fused[1].Score, 10);
        Assert.Equal(0, minMax[1].Score, 10);
    }

    [Fact]
    public void Fuse_DistributionBased_ListOfEqualScoresGivesFullWeight()
    {
        ChunkCandidate[] vector = [new(1, 0.5), new(2, 0.5)];

        IReadOnlyList<FusedCandidate> fused = HybridFusion.Fuse(vector, [], new HybridSearchSettings { Method = HybridFusionMethod.DistributionBased, VectorWeight = 0.3 }, 2);

        Assert.All(fused, f => Assert.Equal(0.3, f.Score, 10));
    }
}
