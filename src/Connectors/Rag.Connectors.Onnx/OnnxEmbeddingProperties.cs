// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.Connectors.Onnx;

/// <summary>Keys of the entries this connector adds to <see cref="Embedding.AdditionalProperties"/>.</summary>
public static class OnnxEmbeddingProperties
{
    /// <summary>
    /// Set to <see langword="true"/> on an embedding whose input was longer than the model accepts and was truncated
    /// (only its leading tokens were embedded). Absent otherwise.
    /// </summary>
    public const string Truncated = "rag.truncated";

    /// <summary>The number of tokens of the input text before truncation (without special tokens and prefix), an <see cref="int"/>; set with <see cref="Truncated"/>.</summary>
    public const string InputTokenCount = "rag.input_token_count";
}
