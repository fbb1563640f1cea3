// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Rag.Connectors.Onnx;

/// <summary>Configures <see cref="OnnxModelQuantizer"/>: what is quantized, how, and the quality gate the result must pass.</summary>
/// <remarks>
/// The defaults quantize every MatMul with a constant weight to per-column symmetric 7-bit integers (stored as int8), store the remaining large
/// float weights as fp16, and refuse the result unless its embeddings keep a cosine similarity to the input model's of at
/// least 0.995 on average and 0.98 on every probe sentence.
/// </remarks>
public sealed class OnnxQuantizationOptions
{
    /// <summary>Gets the prefixes of MatMul node names or weight initializer names to leave in fp32 (ordinal, case-sensitive); their weights are also kept out of fp16 storage.</summary>
    /// <value>The default is empty: every MatMul with a constant 2-D fp32 weight is quantized. For example <c>/encoder/layer.0/</c> keeps the first layer of a BERT export in fp32.</value>
    public IList<string> KeepFloat32 { get; } = [];

    /// <summary>Gets or sets the bits of each quantized weight, sign included: 8 uses the full int8 range [-127, 127]; fewer bits use a narrower range.</summary>
    /// <value>
    /// The default is 7 ([-63, 63]): the model then computes the same on every CPU. ONNX Runtime's int8 kernels for x64
    /// CPUs without VNNI (AVX2, AVX-512 without VNNI) add pairs of uint8 × int8 products in 16 bits with saturation, which
    /// full-range weights overflow (255 × 127 × 2 &gt; 32767); 7-bit weights cannot (255 × 63 × 2 = 32130). Allowed: 2 to 8.
    /// </value>
    public int WeightBits { get; set; } = 7;

    /// <summary>Gets or sets a value indicating whether the large float initializers that stay (embeddings, for example; not the weights of <see cref="KeepFloat32"/>) are stored as fp16 and cast back to fp32 in the graph.</summary>
    /// <value>The default is <see langword="true"/>: the file roughly halves again; values beyond the fp16 range are clamped to ±65504.</value>
    public bool StoreFloat16 { get; set; } = true;

    /// <summary>Gets or sets the fewest elements a float initializer must have to be stored as fp16 (smaller ones are not worth a cast).</summary>
    /// <value>The default is 4096.</value>
    public int Float16MinElements { get; set; } = 4096;

    /// <summary>Gets or sets the path of the model's WordPiece vocabulary, used to embed the probe sentences.</summary>
    /// <value>The default is <see langword="null"/>: <c>vocab.txt</c> next to the input model.</value>
    public string? VocabularyPath { get; set; }

    /// <summary>Gets or sets how the model's token states are pooled when the probe sentences are embedded.</summary>
    /// <value>The default is <see cref="EmbeddingPooling.Mean"/>. Use <see cref="EmbeddingPooling.Cls"/> for CLS-pooled models such as snowflake-arctic-embed.</value>
    public EmbeddingPooling Pooling { get; set; } = EmbeddingPooling.Mean;

    /// <summary>Gets or sets the lowest acceptable mean cosine similarity between input-model and quantized-model embeddings of the probe sentences.</summary>
    /// <value>The default is 0.995.</value>
    public double MinMeanCosine { get; set; } = 0.995;

    /// <summary>Gets or sets the lowest acceptable cosine similarity for any single probe sentence.</summary>
    /// <value>The default is 0.98.</value>
    public double MinCosine { get; set; } = 0.98;

    /// <summary>Gets or sets the sentences embedded by both models to check quality.</summary>
    /// <value>The default is <see langword="null"/>: a built-in set of English sentences, passages and queries, including 1–3 token inputs (see <see cref="OnnxModelQuantizer.DefaultProbeSentences"/>).</value>
    public IReadOnlyList<string>? ProbeSentences { get; set; }

    /// <summary>Gets or sets the number of threads ONNX Runtime uses while embedding the probe sentences; 0 lets ONNX Runtime choose.</summary>
    /// <value>The default is 0.</value>
    public int IntraOpNumThreads { get; set; }
}
