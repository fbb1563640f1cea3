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
    /// Defaults to 0.6: the best weight on the train splits of two corpora together with the default embedding model
    /// (all-MiniLM-L6-v2), SciFact (whose questions reuse the documents' words, so it prefers 0.4–0.5) and the .NET reference
    /// docs (paraphrased questions: 0.6–0.7). Test nDCG@10 at 0.6: SciFact 0.725, .NET docs 0.486; see docs/benchmarks.md.
    /// Lower it when questions quote your documents' exact terms (codes, names); raise it for loosely worded questions.
    /// </value>
    public double VectorWeight { get; set; } = 0.6;

    /// <summary>Gets or sets the <c>k</c> of reciprocal-rank fusion.</summary>
    /// <value>Defaults to 60.</value>
    public int ReciprocalRankK { get; set; } = 60;

    /// <summary>Gets or sets how many candidates each list contributes before fusion.</summary>
    /// <value>Defaults to 100.</value>
    public int CandidateCount { get; set; } = 100;
}
