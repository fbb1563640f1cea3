// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag;

/// <summary>What one retrieval produced: the sources that passed the floor and the query vector they were found with.</summary>
/// <param name="Sources">The sources, numbered from 1, best first.</param>
/// <param name="QueryVector">The query embedding (query purpose).</param>
/// <param name="CandidateCount">How many candidates the store returned before the floor and diversification.</param>
internal sealed record RetrievalResult(IReadOnlyList<Source> Sources, ReadOnlyMemory<float> QueryVector, int CandidateCount);
