// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag;

/// <summary>Options of retrieval: hybrid search, the relevance floor and diversification.</summary>
/// <remarks>Options are read on every search; do not change them while searches run.</remarks>
public sealed class RetrievalOptions
{
    /// <summary>Gets or sets how many passages a search returns (and an answer is grounded on) by default.</summary>
    /// <value>Defaults to 5.</value>
    public int Top { get; set; } = 5;

    /// <summary>Gets or sets the hybrid (vector + keyword) fusion settings passed to the store.</summary>
    /// <value>Defaults to min-max linear fusion, vector weight 0.6, 100 candidates per list (<see cref="HybridSearchSettings"/>'s defaults).</value>
    public HybridSearchSettings Hybrid { get; set; } = new();

    /// <summary>Gets or sets a value indicating whether the query's words are also searched as keywords (hybrid search).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool UseKeywords { get; set; } = true;

    /// <summary>
    /// Gets or sets the relevance floor for passages that contain a term of the query: the smallest cosine similarity between
    /// the query vector and the passage's vector for the passage to count. When no passage passes its floor, answers say the
    /// documents do not contain the answer.
    /// </summary>
    /// <value>
    /// Defaults to <see langword="null"/>: the embedding model's <see cref="RelevanceCalibration"/> (the built-in ONNX models
    /// provide one), else 0.3.
    /// </value>
    /// <remarks>
    /// The floor is applied to the vector similarity, not the fused score, so a passage that only matched keywords (for example
    /// stop words) never passes on its own. The right value depends on the embedding model; calibrate it on your documents.
    /// </remarks>
    public double? MinRelevance { get; set; }

    /// <summary>
    /// Gets or sets the (higher) relevance floor for passages that match the query by meaning alone, with no query term in them.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: the embedding model's <see cref="RelevanceCalibration"/>, else 0.5.</value>
    public double? MinRelevanceWithoutKeywordMatch { get; set; }

    /// <summary>Gets or sets how passages are diversified.</summary>
    /// <value>Defaults to <see cref="DiversificationMode.PerDocumentCap"/>.</value>
    public DiversificationMode Diversification { get; set; } = DiversificationMode.PerDocumentCap;

    /// <summary>Gets or sets the most passages taken from one document when diversifying.</summary>
    /// <value>Defaults to 3.</value>
    public int MaxChunksPerDocument { get; set; } = 3;

    /// <summary>Gets or sets the maximal-marginal-relevance trade-off, in [0, 1]: 1 is pure relevance, 0 pure novelty.</summary>
    /// <value>Defaults to 0.7.</value>
    public double MmrLambda { get; set; } = 0.7;

    /// <summary>Gets or sets how many candidates are fetched per returned passage before diversification.</summary>
    /// <value>Defaults to 4.</value>
    public int CandidateMultiplier { get; set; } = 4;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentNullException"><see cref="Hybrid"/> is <see langword="null"/>.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Top, 1, nameof(Top));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Top, 100, nameof(Top));
        ArgumentNullException.ThrowIfNull(Hybrid, nameof(Hybrid));
        if (Hybrid.VectorWeight is < 0 or > 1 || double.IsNaN(Hybrid.VectorWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(Hybrid), Hybrid.VectorWeight, "The vector weight must be in [0, 1].");
        }

        if (!Enum.IsDefined(Hybrid.Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Hybrid), Hybrid.Method, $"Unknown hybrid fusion method {(int)Hybrid.Method}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Hybrid.CandidateCount, 1, nameof(Hybrid));
        ArgumentOutOfRangeException.ThrowIfLessThan(Hybrid.ReciprocalRankK, 1, nameof(Hybrid));
        ValidateFloor(MinRelevance, nameof(MinRelevance));
        ValidateFloor(MinRelevanceWithoutKeywordMatch, nameof(MinRelevanceWithoutKeywordMatch));

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxChunksPerDocument, 1, nameof(MaxChunksPerDocument));
        if (MmrLambda is < 0 or > 1 || double.IsNaN(MmrLambda))
        {
            throw new ArgumentOutOfRangeException(nameof(MmrLambda), MmrLambda, "Lambda must be in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(CandidateMultiplier, 1, nameof(CandidateMultiplier));
        if (!Enum.IsDefined(Diversification))
        {
            throw new ArgumentOutOfRangeException(nameof(Diversification), Diversification, "Unknown diversification mode.");
        }
    }

    private static void ValidateFloor(double? floor, string name)
    {
        if (floor is < -1 or > 1 || (floor is double value && double.IsNaN(value)))
        {
            throw new ArgumentOutOfRangeException(name, floor, "A relevance floor is a cosine similarity in [-1, 1].");
        }
    }
}
