// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Rag.Connectors.VectorData;

namespace Rag.Connectors.Sqlite.VectorData;

/// <summary>Builds the record model (attributes or a record definition) with the types the SQLite connector stores.</summary>
internal sealed class SqliteModelBuilder : RecordModelBuilder
{
    protected override string SupportedDataTypes => SqliteValues.SupportedDataTypes;

    protected override bool IsSupportedDataType(Type type) => SqliteValues.IsSupported(type);
}
