// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Rag.Connectors.VectorData;

namespace Rag.Connectors.Postgres.VectorData;

/// <summary>Builds the record model (attributes or a record definition) with the types the PostgreSQL connector stores.</summary>
internal sealed class PostgresModelBuilder : RecordModelBuilder
{
    protected override string SupportedDataTypes => PostgresValues.SupportedDataTypes;

    protected override bool IsSupportedDataType(Type type) => PostgresValues.IsSupported(type);
}
