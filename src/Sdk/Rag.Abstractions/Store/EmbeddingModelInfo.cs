// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>Identifies the embedding model whose vectors an index holds; vectors of different models never mix.</summary>
/// <param name="ModelId">The model identity, including any variant such as quantisation (for example <c>snowflake-arctic-embed-xs</c>).</param>
/// <param name="Dimensions">The vector length.</param>
public sealed record EmbeddingModelInfo(string ModelId, int Dimensions);
