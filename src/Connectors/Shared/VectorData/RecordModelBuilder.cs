// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Rag.Connectors.VectorData;

/// <summary>
/// Builds the record model (attributes or a record definition) of a SQL store: one optional float vector, and the data
/// property types the store can hold. Shared source: compiled into every SQL vector store connector.
/// </summary>
internal abstract class RecordModelBuilder() : CollectionModelBuilder(new CollectionModelBuildingOptions { SupportsMultipleVectors = false, RequiresAtLeastOneVector = false })
{
    /// <summary>Gets the data property types the store holds, for error messages.</summary>
    protected abstract string SupportedDataTypes { get; }

    /// <summary>Returns whether the store can hold a data property of <paramref name="type"/>.</summary>
    protected abstract bool IsSupportedDataType(Type type);

    protected override bool IsDataPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SupportedDataTypes;
        return IsSupportedDataType(type);
    }

    protected override bool IsVectorPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = RecordVectors.SupportedTypes;
        return RecordVectors.IsFloatVector(type);
    }
}
