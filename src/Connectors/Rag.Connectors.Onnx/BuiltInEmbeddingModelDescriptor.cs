// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Rag.Connectors.Onnx;

/// <summary>
/// What is known of one built-in embedding model without loading it: its names, its model ids (one per precision it ships
/// in), its shape and how it is used. Read it from <see cref="BuiltInEmbeddingModels"/>.
/// </summary>
public sealed class BuiltInEmbeddingModelDescriptor
{
    internal BuiltInEmbeddingModelDescriptor(
        BuiltInEmbeddingModel model, string name, IReadOnlyList<string> aliases, string baseModelId, string folder,
        int dimensions, int maxSequenceLength, EmbeddingPooling pooling, string queryPrefix,
        IReadOnlyList<EmbeddingModelPrecision> precisions, RelevanceCalibration calibration)
    {
        Model = model;
        Name = name;
        Aliases = aliases;
        BaseModelId = baseModelId;
        Folder = folder;
        Dimensions = dimensions;
        MaxSequenceLength = maxSequenceLength;
        Pooling = pooling;
        QueryPrefix = queryPrefix;
        Precisions = precisions;
        Calibration = calibration;
    }

    /// <summary>Gets the model.</summary>
    public BuiltInEmbeddingModel Model { get; }

    /// <summary>Gets the short name applications show and accept (for example <c>minilm</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the other names accepted for the model (case-insensitive), such as its published name.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>Gets the published model id (the fp32 model's); <see cref="GetModelId"/> adds the precision's suffix.</summary>
    public string BaseModelId { get; }

    /// <summary>Gets the vector length.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the default input length in tokens.</summary>
    public int MaxSequenceLength { get; }

    /// <summary>Gets how token states become one vector.</summary>
    public EmbeddingPooling Pooling { get; }

    /// <summary>Gets the text put before every query (empty when the model takes none).</summary>
    public string QueryPrefix { get; }

    /// <summary>Gets the precisions the model ships in, the default first.</summary>
    public IReadOnlyList<EmbeddingModelPrecision> Precisions { get; }

    /// <summary>Gets the precision used when none is asked for.</summary>
    public EmbeddingModelPrecision DefaultPrecision => Precisions[0];

    /// <summary>Gets the NuGet package that installs the model's files into an application.</summary>
    public string PackageId => Files(EmbeddingModelPrecision.Float32).PackageId;

    /// <summary>Gets the folder below <c>rag-models/</c> that holds the model's files.</summary>
    internal string Folder { get; }

    /// <summary>Gets the relevance floors measured for the model (see tests/Rag.IntegrationTests).</summary>
    internal RelevanceCalibration Calibration { get; }

    /// <summary>Returns the model id an index records for vectors of this model at a precision.</summary>
    /// <param name="precision">One of <see cref="Precisions"/>.</param>
    /// <exception cref="ArgumentException">The model does not ship in that precision.</exception>
    public string GetModelId(EmbeddingModelPrecision precision) => precision switch
    {
        _ when !Supports(precision) => throw new ArgumentException($"The built-in {BaseModelId} ships in {string.Join(" and ", Precisions)} only.", nameof(precision)),
        EmbeddingModelPrecision.Int8 => BaseModelId + "-int8",
        _ => BaseModelId,
    };

    /// <summary>Returns whether the model ships in a precision.</summary>
    /// <param name="precision">The precision.</param>
    public bool Supports(EmbeddingModelPrecision precision) => Precisions.Contains(precision);

    /// <summary>Returns where the files of the model at a precision are.</summary>
    internal BuiltInModelFiles Files(EmbeddingModelPrecision precision) => new(Folder, GetModelId(precision));

    /// <summary>Returns the model file's name at a precision.</summary>
    internal static string ModelFile(EmbeddingModelPrecision precision) =>
        precision == EmbeddingModelPrecision.Int8 ? "model.int8.onnx" : "model.onnx";

    /// <summary>Returns whether a name is this model's <see cref="Name"/>, its <see cref="BuiltInEmbeddingModel"/> name, one of its <see cref="Aliases"/> or one of its model ids (case-insensitive).</summary>
    internal bool IsNamed(string name)
    {
        foreach (string candidate in Names())
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<string> Names()
    {
        yield return Name;
        yield return Model.ToString();
        foreach (string alias in Aliases)
        {
            yield return alias;
        }

        foreach (EmbeddingModelPrecision precision in Precisions)
        {
            yield return GetModelId(precision);
        }
    }
}
