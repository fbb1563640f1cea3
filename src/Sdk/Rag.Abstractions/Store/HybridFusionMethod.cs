// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>How vector and keyword result lists are combined into one ranking.</summary>
public enum HybridFusionMethod
{
    /// <summary>Each list's scores are min-max normalised to [0, 1] and combined as <c>w·vector + (1−w)·keyword</c>.</summary>
    MinMaxLinear = 0,

    /// <summary>Reciprocal-rank fusion: <c>Σ weight / (k + rank)</c>.</summary>
    ReciprocalRank = 1,

    /// <summary>
    /// Distribution-based score fusion: each list's scores are mapped from [mean − 3σ, mean + 3σ] of that list onto [0, 1]
    /// (clamped) and combined as <c>w·vector + (1−w)·keyword</c>, so one outlying score does not squash the others.
    /// </summary>
    DistributionBased = 2,
}
