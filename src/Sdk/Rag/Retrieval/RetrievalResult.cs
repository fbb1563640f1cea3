// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag;

/// <summary>What one retrieval produced: the sources that passed the floor and the query vector they were found with.</summary>
/// <param name="Sources">The sources, numbered from 1, best first.</param>
/// <param name="QueryVector">The query embedding (query purpose).</param>
/// <param name="CandidateCount">How many candidates the store returned before the floor and diversification.</param>
/// <param name="MeaningFloor">The cosine a passage needs to be kept by meaning alone, without a term of the query.</param>
internal sealed record RetrievalResult(IReadOnlyList<Source> Sources, ReadOnlyMemory<float> QueryVector, int CandidateCount, double MeaningFloor)
{
    /// <summary>Gets whether the best source matches the query by meaning alone, as strongly as a passage with none of its terms must.</summary>
    public bool BestMatchesByMeaning => Sources.Count > 0 && Sources[0].VectorScore >= MeaningFloor;
}
