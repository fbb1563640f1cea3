// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>
/// Cosine-similarity floors below which a passage is not relevant to a query, calibrated for one embedding model
/// (each model has its own similarity scale). Embedding generators expose it through <c>GetService(typeof(RelevanceCalibration))</c>;
/// retrieval uses it to answer "not found in the documents" rather than guess.
/// </summary>
/// <param name="WithKeywordMatch">The floor for a passage that also contains a term of the query.</param>
/// <param name="WithoutKeywordMatch">The (higher) floor for a passage that matches by meaning alone.</param>
public sealed record RelevanceCalibration(double WithKeywordMatch, double WithoutKeywordMatch);
