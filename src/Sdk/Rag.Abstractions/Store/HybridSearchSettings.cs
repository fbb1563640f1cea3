// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>Settings of hybrid (vector + keyword) search.</summary>
public sealed class HybridSearchSettings
{
    /// <summary>Gets or sets the fusion method.</summary>
    /// <value>Defaults to <see cref="HybridFusionMethod.MinMaxLinear"/>.</value>
    public HybridFusionMethod Method { get; set; } = HybridFusionMethod.MinMaxLinear;

    /// <summary>Gets or sets the weight of the vector list, in [0, 1]; the keyword list gets the rest.</summary>
    /// <value>Defaults to 0.6.</value>
    public double VectorWeight { get; set; } = 0.6;

    /// <summary>Gets or sets the <c>k</c> of reciprocal-rank fusion.</summary>
    /// <value>Defaults to 60.</value>
    public int ReciprocalRankK { get; set; } = 60;

    /// <summary>Gets or sets how many candidates each list contributes before fusion.</summary>
    /// <value>Defaults to 100.</value>
    public int CandidateCount { get; set; } = 100;
}
