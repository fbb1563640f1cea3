// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Onnx;

/// <summary>The embedding models that ship inside this package: no download, no file to configure.</summary>
public enum BuiltInEmbeddingModel
{
    /// <summary>
    /// snowflake-arctic-embed-xs (384 dimensions, 512 tokens, CLS pooling): tuned for retrieval, and embeds queries
    /// with the prefix <c>Represent this sentence for searching relevant passages: </c>. Shipped as int8 (its default
    /// precision, model id <c>snowflake-arctic-embed-xs-int8</c>, the fastest built-in model) and fp32
    /// (<c>snowflake-arctic-embed-xs</c>); see <see cref="OnnxEmbeddingGeneratorOptions.Precision"/>.
    /// </summary>
    ArcticEmbedXs = 0,

    /// <summary>
    /// sentence-transformers all-MiniLM-L6-v2 (384 dimensions, 256 tokens, mean pooling): a general-purpose model. The
    /// default: the better hybrid retriever of the two on our benchmarks. Shipped as fp32 only.
    /// </summary>
    AllMiniLmL6V2 = 1,
}
