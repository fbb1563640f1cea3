// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.IO;

namespace Rag.Connectors.Onnx;

/// <summary>A resolved, validated model configuration: where the model and vocabulary come from and how the model is used.</summary>
internal sealed class EmbeddingModelDefinition
{
    private const string VocabularyFile = "vocab.txt";

    private EmbeddingModelDefinition(
        string modelId, string modelPath, string vocabularyPath, BuiltInEmbeddingModelDescriptor? builtIn, EmbeddingPooling pooling,
        string queryPrefix, string documentPrefix, int maxSequenceLength, int? dimensions,
        EmbeddingModelPrecision precision = EmbeddingModelPrecision.Float32)
    {
        ModelId = modelId;
        Precision = precision;
        ModelPath = modelPath;
        VocabularyPath = vocabularyPath;
        BuiltIn = builtIn;
        Pooling = pooling;
        QueryPrefix = queryPrefix;
        DocumentPrefix = documentPrefix;
        MaxSequenceLength = maxSequenceLength;
        Dimensions = dimensions;
    }

    public string ModelId { get; }

    /// <summary>Gets the precision of a built-in model (<see cref="EmbeddingModelPrecision.Float32"/> for a custom one).</summary>
    public EmbeddingModelPrecision Precision { get; }

    /// <summary>Gets the model file: the user's for a custom model, the one in the application's folder for a built-in one.</summary>
    public string ModelPath { get; }

    public string VocabularyPath { get; }

    /// <summary>Gets the built-in model; <see langword="null"/> for a custom model.</summary>
    public BuiltInEmbeddingModelDescriptor? BuiltIn { get; }

    public EmbeddingPooling Pooling { get; }

    public string QueryPrefix { get; }

    public string DocumentPrefix { get; }

    public int MaxSequenceLength { get; }

    /// <summary>Gets the vector length when known without loading the model (built-in models).</summary>
    public int? Dimensions { get; }

    /// <summary>
    /// Gets the relevance floors measured for a built-in model (in-scope vs out-of-scope questions over the sample handbook:
    /// see tests/Rag.IntegrationTests); <see langword="null"/> for a custom model, whose scale is unknown.
    /// </summary>
    public RelevanceCalibration? Calibration => BuiltIn?.Calibration;

    /// <summary>Gets a human-readable name of the model source, used in messages.</summary>
    public string Source => BuiltIn is null ? ModelPath : $"built-in {ModelId}";

    public static EmbeddingModelDefinition Create(OnnxEmbeddingGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.ModelPath is null)
        {
            BuiltInEmbeddingModelDescriptor model = BuiltInEmbeddingModels.Get(options.BuiltInModel);
            EmbeddingModelPrecision precision = options.Precision ?? model.DefaultPrecision;
            BuiltInModelFiles files = model.Files(precision);
            return new(
                options.ModelId ?? files.ModelId, files.Require(BuiltInEmbeddingModelDescriptor.ModelFile(precision)), files.Require(VocabularyFile), model,
                options.Pooling ?? model.Pooling, options.QueryPrefix ?? model.QueryPrefix, options.DocumentPrefix ?? string.Empty,
                options.MaxSequenceLength ?? model.MaxSequenceLength, model.Dimensions, precision);
        }

        string modelPath = Path.GetFullPath(options.ModelPath);
        string vocabularyPath = Path.GetFullPath(options.VocabularyPath!);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"The ONNX embedding model file was not found: '{modelPath}'.", modelPath);
        }

        if (!File.Exists(vocabularyPath))
        {
            throw new FileNotFoundException($"The embedding model vocabulary file was not found: '{vocabularyPath}'.", vocabularyPath);
        }

        return new(
            options.ModelId ?? Path.GetFileNameWithoutExtension(modelPath), modelPath, vocabularyPath, null,
            options.Pooling ?? EmbeddingPooling.Mean, options.QueryPrefix ?? string.Empty, options.DocumentPrefix ?? string.Empty,
            options.MaxSequenceLength ?? 512, null);
    }

    /// <summary>Opens the vocabulary.</summary>
    public Stream OpenVocabulary() => File.OpenRead(VocabularyPath);
}
