// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag;

/// <summary>One part of a <see cref="CombinedEmbeddingGenerator"/>: an embedding model and its share of the combined similarity.</summary>
/// <param name="Generator">The embedding model.</param>
/// <param name="Weight">Its weight, finite and greater than 0; weights are relative (1 and 1 mean equal shares, as do 2 and 2).</param>
public sealed record WeightedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> Generator, double Weight);
