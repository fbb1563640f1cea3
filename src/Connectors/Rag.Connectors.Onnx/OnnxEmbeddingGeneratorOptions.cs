// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;

namespace Rag.Connectors.Onnx;

/// <summary>Configures an ONNX embedding generator: which model, how it pools and prefixes, and how it runs.</summary>
/// <remarks>
/// With no settings the generator uses the built-in <see cref="BuiltInEmbeddingModel.AllMiniLmL6V2"/>. To use another
/// BERT-style model, set <see cref="ModelPath"/> and <see cref="VocabularyPath"/> and, where the model's card says so,
/// <see cref="Pooling"/>, <see cref="QueryPrefix"/> and <see cref="MaxSequenceLength"/>.
/// Options are read once, when the generator is created; later changes have no effect on it.
/// </remarks>
public sealed class OnnxEmbeddingGeneratorOptions
{
    /// <summary>Gets or sets the built-in model used when <see cref="ModelPath"/> is not set.</summary>
    /// <value>
    /// The default is <see cref="BuiltInEmbeddingModel.AllMiniLmL6V2"/>: with hybrid search it retrieves better than
    /// <see cref="BuiltInEmbeddingModel.ArcticEmbedXs"/> on both corpora we measure (SciFact and the .NET reference docs; see
    /// docs/benchmarks.md), while ArcticEmbedXs int8 embeds about twice as fast.
    /// </value>
    public BuiltInEmbeddingModel BuiltInModel { get; set; } = BuiltInEmbeddingModel.AllMiniLmL6V2;

    /// <summary>Gets or sets the precision of the built-in model: the int8 build is faster, the fp32 one is the model as published.</summary>
    /// <value>
    /// The default is <see langword="null"/>: <see cref="EmbeddingModelPrecision.Int8"/> where the package ships an int8
    /// build of <see cref="BuiltInModel"/> (ArcticEmbedXs), otherwise <see cref="EmbeddingModelPrecision.Float32"/> (AllMiniLmL6V2,
    /// whose int8 build misses the quality gate). Applies to built-in models only; a custom model runs as its file is.
    /// </value>
    public EmbeddingModelPrecision? Precision { get; set; }

    /// <summary>Gets or sets the path of a BERT-style ONNX model (inputs <c>input_ids</c>, <c>attention_mask</c>, optionally <c>token_type_ids</c>; output the last hidden state).</summary>
    /// <value>The default is <see langword="null"/>: use <see cref="BuiltInModel"/>.</value>
    public string? ModelPath { get; set; }

    /// <summary>Gets or sets the path of the model's WordPiece vocabulary (<c>vocab.txt</c>, one token a line). Required with <see cref="ModelPath"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? VocabularyPath { get; set; }

    /// <summary>Gets or sets the model identity reported in embeddings and metadata; vectors of different identities never mix in an index.</summary>
    /// <value>The default is <see langword="null"/>: the built-in model's name, or the model file's name without extension.</value>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets how token states are pooled into one vector.</summary>
    /// <value>The default is <see langword="null"/>: the built-in model's pooling, or <see cref="EmbeddingPooling.Mean"/> for a custom model.</value>
    public EmbeddingPooling? Pooling { get; set; }

    /// <summary>Gets or sets a value indicating whether vectors are L2-normalised (so cosine similarity is a dot product).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Normalize { get; set; } = true;

    /// <summary>Gets or sets the text put before each query (<see cref="EmbeddingPurpose.Query"/>); the empty string for none.</summary>
    /// <value>The default is <see langword="null"/>: the built-in model's prefix (ArcticEmbedXs: <c>Represent this sentence for searching relevant passages: </c>), or none for a custom model.</value>
    public string? QueryPrefix { get; set; }

    /// <summary>Gets or sets the text put before each passage (<see cref="EmbeddingPurpose.Document"/>); the empty string for none.</summary>
    /// <value>The default is <see langword="null"/>: none.</value>
    public string? DocumentPrefix { get; set; }

    /// <summary>Gets or sets the most tokens the model reads in one input, special tokens included; longer inputs are truncated and flagged.</summary>
    /// <value>The default is <see langword="null"/>: 512 for ArcticEmbedXs and custom models, 256 for AllMiniLmL6V2.</value>
    public int? MaxSequenceLength { get; set; }

    /// <summary>Gets or sets a value indicating whether text is lower-cased (and accents removed) before tokenization, as uncased BERT models expect.</summary>
    /// <value>The default is <see langword="true"/>. Set <see langword="false"/> only for a cased custom model.</value>
    public bool LowerCase { get; set; } = true;

    /// <summary>
    /// Gets or sets the most inputs run through the model at once. Inputs are sorted by length and batched with others of
    /// similar length (a batch is padded only to its longest input), so a batch may be smaller than this.
    /// </summary>
    /// <value>The default is 32.</value>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>Gets or sets the number of threads ONNX Runtime uses inside one operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    /// <value>The default is 0.</value>
    public int IntraOpNumThreads { get; set; }

    /// <summary>
    /// Throws naming the first option that is out of range or contradicts another; run when a generator is created (whether
    /// the model files exist is checked then too).
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpNumThreads, nameof(IntraOpNumThreads));
        if (MaxSequenceLength is int max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 3, nameof(MaxSequenceLength));
        }

        if (ModelPath is not null)
        {
            if (Precision is not null)
            {
                throw new ArgumentException("Precision applies to built-in models only; a custom model runs as its file is (quantize it with OnnxModelQuantizer, and give it its own ModelId).", nameof(Precision));
            }

            if (VocabularyPath is null)
            {
                throw new ArgumentException($"ModelPath is set ('{ModelPath}') but VocabularyPath is not: a custom model needs its vocab.txt.", nameof(VocabularyPath));
            }

            return;
        }

        if (VocabularyPath is not null)
        {
            throw new ArgumentException("VocabularyPath is set but ModelPath is not: set both for a custom model, or neither for a built-in one.", nameof(VocabularyPath));
        }

        if (!LowerCase)
        {
            throw new ArgumentException("The built-in models are uncased: LowerCase must stay true.", nameof(LowerCase));
        }

        BuiltInEmbeddingModelDescriptor model = BuiltInEmbeddingModels.Get(BuiltInModel);
        EmbeddingModelPrecision precision = Precision ?? model.DefaultPrecision;
        if (precision is not (EmbeddingModelPrecision.Float32 or EmbeddingModelPrecision.Int8))
        {
            throw new ArgumentOutOfRangeException(nameof(Precision), precision, "Unknown embedding model precision.");
        }

        if (!model.Supports(precision))
        {
            throw new ArgumentException($"The built-in {BuiltInModel} ships in fp32 only: its int8 build misses the quality gate. Leave Precision unset, or quantize it with OnnxModelQuantizer and load the file through ModelPath.", nameof(Precision));
        }
    }
}
