// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.ConformanceTests.Store;

namespace Rag.Connectors.Postgres.Tests.Knowledge;

public sealed class PostgresKnowledgeStoreConformanceTests : KnowledgeStoreConformanceTests
{
    private readonly List<string> _schemas = [];

    protected override KnowledgeStore CreateEmptyStore()
    {
        string schema = PostgresTestDatabase.NewSchemaName();
        KnowledgeStore store = PostgresKnowledgeStore.Create(PostgresTestDatabase.DataSource, new PostgresStoreOptions { Schema = schema });
        _schemas.Add(schema);
        return store;
    }

    protected override void Dispose(bool disposing)
    {
        PostgresTestDatabase.DropSchemas(_schemas);
        base.Dispose(disposing);
    }
}
