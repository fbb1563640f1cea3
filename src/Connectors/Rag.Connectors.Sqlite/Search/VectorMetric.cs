// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Sqlite.Search;

/// <summary>How the in-memory index compares vectors; every metric ranks by a similarity where higher is better.</summary>
internal enum VectorMetric
{
    /// <summary>Cosine similarity: rows and queries are normalised, then dotted.</summary>
    Cosine,

    /// <summary>Raw dot product.</summary>
    DotProduct,

    /// <summary>Euclidean distance, ranked by its negation.</summary>
    Euclidean,
}
