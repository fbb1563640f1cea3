// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Rag.Connectors.Sqlite.VectorData;

/// <summary>Builds the record model (attributes or a record definition) with the types the SQLite connector stores.</summary>
internal sealed class SqliteModelBuilder() : CollectionModelBuilder(new CollectionModelBuildingOptions { SupportsMultipleVectors = false, RequiresAtLeastOneVector = false })
{
    public const string SupportedVectorTypes = "ReadOnlyMemory<float>, Embedding<float>, float[]";

    public static bool IsFloatVector(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(ReadOnlyMemory<float>) || t == typeof(Embedding<float>) || t == typeof(float[]);
    }

    protected override bool IsDataPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SqliteValues.SupportedDataTypes;
        return SqliteValues.IsSupported(type);
    }

    protected override bool IsVectorPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SupportedVectorTypes;
        return IsFloatVector(type);
    }
}
