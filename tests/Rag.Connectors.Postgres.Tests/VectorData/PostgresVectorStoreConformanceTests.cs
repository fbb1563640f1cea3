// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.VectorData;
using Rag.ConformanceTests.VectorData;

namespace Rag.Connectors.Postgres.Tests.VectorData;

public sealed class PostgresVectorStoreConformanceTests : VectorStoreConformanceTests, IDisposable
{
    private readonly List<string> _schemas = [];

    protected override VectorStore CreateEmptyVectorStore()
    {
        string schema = PostgresTestDatabase.NewSchemaName();
        _schemas.Add(schema);
        return new PostgresVectorStore(PostgresTestDatabase.DataSource, new PostgresVectorStoreOptions { Schema = schema });
    }

    void IDisposable.Dispose()
    {
        Dispose();
        PostgresTestDatabase.DropSchemas(_schemas);
    }
}
