// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Onnx;

/// <summary>How a BERT-style model's per-token hidden states are reduced to one sentence vector.</summary>
public enum EmbeddingPooling
{
    /// <summary>The average of the hidden states of the real (non-padding) tokens, as in all-MiniLM-L6-v2.</summary>
    Mean = 0,

    /// <summary>The hidden state of the leading <c>[CLS]</c> token, as in snowflake-arctic-embed.</summary>
    Cls = 1,
}
