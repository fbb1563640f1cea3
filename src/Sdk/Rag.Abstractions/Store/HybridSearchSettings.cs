// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>Settings of hybrid (vector + keyword) search.</summary>
public sealed class HybridSearchSettings
{
    /// <summary>Gets or sets the fusion method.</summary>
    /// <value>Defaults to <see cref="HybridFusionMethod.MinMaxLinear"/>.</value>
    public HybridFusionMethod Method { get; set; } = HybridFusionMethod.MinMaxLinear;

    /// <summary>Gets or sets the weight of the vector list, in [0, 1]; the keyword list gets the rest.</summary>
    /// <value>
    /// Defaults to 0.4: the best min-max weight for the default embedding model (snowflake-arctic-embed-xs, int8) on SciFact's
    /// train split (nDCG@10 0.734 on train, 0.726 on test, against 0.702 at 0.6); see docs/benchmarks.md.
    /// </value>
    public double VectorWeight { get; set; } = 0.4;

    /// <summary>Gets or sets the <c>k</c> of reciprocal-rank fusion.</summary>
    /// <value>Defaults to 60.</value>
    public int ReciprocalRankK { get; set; } = 60;

    /// <summary>Gets or sets how many candidates each list contributes before fusion.</summary>
    /// <value>Defaults to 100.</value>
    public int CandidateCount { get; set; } = 100;
}
