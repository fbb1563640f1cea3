// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Onnx;

/// <summary>The numeric precision of a built-in model's weights. Vectors of different precisions never mix in an index: their model ids differ.</summary>
public enum EmbeddingModelPrecision
{
    /// <summary>The original fp32 model, as published.</summary>
    Float32 = 0,

    /// <summary>
    /// The int8 model built from the fp32 one by <see cref="OnnxModelQuantizer"/> when this package was built: per-column
    /// int8 matrix products, about twice the fp32 throughput on a CPU, embeddings within a cosine of 0.995 (mean) of the
    /// fp32 model's. Its model id ends in <c>-int8</c>. Shipped only for models that pass that gate (ArcticEmbedXs).
    /// </summary>
    Int8 = 1,
}
