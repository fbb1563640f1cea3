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
    /// Defaults to 0.5, chosen on the train splits of two corpora with the default embedding model (all-MiniLM-L6-v2): SciFact
    /// prefers 0.4–0.5 and the .NET reference docs 0.6–0.7, and 0.5 and 0.6 tie on the two together. Test nDCG@10 at 0.5:
    /// SciFact 0.731, .NET docs 0.483; see docs/benchmarks.md. Documents whose questions reuse their exact words favour
    /// lower weights; paraphrased questions favour higher ones.
    /// </value>
    public double VectorWeight { get; set; } = 0.5;

    /// <summary>Gets or sets the <c>k</c> of reciprocal-rank fusion.</summary>
    /// <value>Defaults to 60.</value>
    public int ReciprocalRankK { get; set; } = 60;

    /// <summary>Gets or sets how many candidates each list contributes before fusion.</summary>
    /// <value>Defaults to 100.</value>
    public int CandidateCount { get; set; } = 100;
}
