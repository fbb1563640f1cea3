// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag.Connectors.Onnx;

/// <summary>
/// The catalog of built-in embedding models: the one place their names, ids, shapes and defaults are written. Applications
/// read it to accept a model by name, list the choices, or tell which model an index was built with.
/// </summary>
public static class BuiltInEmbeddingModels
{
    /// <summary>The name of the ensemble of every built-in model (<see cref="OnnxEmbeddingGenerator.CreateEnsemble"/>).</summary>
    public const string EnsembleName = "arctic+minilm";

    private const string ArcticQueryPrefix = "Represent this sentence for searching relevant passages: ";

    /// <summary>Gets snowflake-arctic-embed-xs: int8 by default (the fastest), fp32 on request.</summary>
    public static BuiltInEmbeddingModelDescriptor ArcticEmbedXs { get; } = new(
        BuiltInEmbeddingModel.ArcticEmbedXs, "arctic-xs", ["arctic-embed-xs", "snowflake-arctic-embed-xs"], "snowflake-arctic-embed-xs", "ArcticXs",
        dimensions: 384, maxSequenceLength: 512, EmbeddingPooling.Cls, ArcticQueryPrefix,
        [EmbeddingModelPrecision.Int8, EmbeddingModelPrecision.Float32], new RelevanceCalibration(WithKeywordMatch: 0.45, WithoutKeywordMatch: 0.62));

    /// <summary>Gets all-MiniLM-L6-v2: the default model, fp32 only.</summary>
    public static BuiltInEmbeddingModelDescriptor AllMiniLmL6V2 { get; } = new(
        BuiltInEmbeddingModel.AllMiniLmL6V2, "minilm", ["all-minilm-l6-v2"], "all-MiniLM-L6-v2", "MiniLM",
        dimensions: 384, maxSequenceLength: 256, EmbeddingPooling.Mean, queryPrefix: string.Empty,
        [EmbeddingModelPrecision.Float32], new RelevanceCalibration(WithKeywordMatch: 0.25, WithoutKeywordMatch: 0.40));

    /// <summary>Gets every built-in model, the default (<see cref="Default"/>) first.</summary>
    public static IReadOnlyList<BuiltInEmbeddingModelDescriptor> All { get; } = [AllMiniLmL6V2, ArcticEmbedXs];

    /// <summary>Gets the model used when none is chosen.</summary>
    public static BuiltInEmbeddingModelDescriptor Default => AllMiniLmL6V2;

    /// <summary>Gets the model id an index records for the ensemble: its members' default ids, joined by <c>+</c>.</summary>
    public static string EnsembleModelId { get; } =
        $"{ArcticEmbedXs.GetModelId(ArcticEmbedXs.DefaultPrecision)}+{AllMiniLmL6V2.GetModelId(AllMiniLmL6V2.DefaultPrecision)}";

    /// <summary>Returns the descriptor of a built-in model.</summary>
    /// <param name="model">The model.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a built-in model.</exception>
    public static BuiltInEmbeddingModelDescriptor Get(BuiltInEmbeddingModel model) => model switch
    {
        BuiltInEmbeddingModel.ArcticEmbedXs => ArcticEmbedXs,
        BuiltInEmbeddingModel.AllMiniLmL6V2 => AllMiniLmL6V2,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown built-in embedding model."),
    };

    /// <summary>Finds a built-in model by its short name, its <see cref="BuiltInEmbeddingModel"/> name, an alias or one of its model ids (case-insensitive).</summary>
    /// <param name="name">The name (for example <c>minilm</c>, <c>all-MiniLM-L6-v2</c> or <c>snowflake-arctic-embed-xs-int8</c>).</param>
    /// <returns>The model; <see langword="null"/> when no built-in model has that name.</returns>
    public static BuiltInEmbeddingModelDescriptor? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (BuiltInEmbeddingModelDescriptor model in All)
        {
            if (model.IsNamed(name))
            {
                return model;
            }
        }

        return null;
    }
}
