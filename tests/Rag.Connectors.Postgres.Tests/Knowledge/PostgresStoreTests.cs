// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Postgres.Tests.Knowledge;

/// <summary>
/// The fixture of the PostgreSQL knowledge store tests: each store lives in a schema of its own, and after each test its
/// stores are disposed and their schemas dropped.
/// </summary>
public abstract class PostgresStoreTests : IDisposable
{
    /// <summary>The embedding model the stores are bound to.</summary>
    protected static readonly EmbeddingModelInfo Model = new("test-model", 4);

    private readonly List<string> _schemas = [];
    private readonly List<KnowledgeStore> _stores = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stores.ForEach(s => s.Dispose());
            PostgresTestDatabase.DropSchemas(_schemas);
        }
    }

    /// <summary>A schema no other test uses, dropped after the test.</summary>
    protected string NewSchema()
    {
        string schema = PostgresTestDatabase.NewSchemaName();
        _schemas.Add(schema);
        return schema;
    }

    /// <summary>Disposes the store after the test.</summary>
    protected KnowledgeStore Track(KnowledgeStore store)
    {
        _stores.Add(store);
        return store;
    }

    /// <summary>A store on the shared data source (not yet initialized), disposed after the test.</summary>
    protected KnowledgeStore OpenStore(PostgresStoreOptions options) => Track(PostgresKnowledgeStore.Create(PostgresTestDatabase.DataSource, options));

    /// <summary>A store on the shared data source in a new schema, bound to <see cref="Model"/>.</summary>
    protected async Task<(KnowledgeStore Store, string Schema)> CreateStoreAsync(Action<PostgresStoreOptions>? configure = null)
    {
        string schema = NewSchema();
        var options = new PostgresStoreOptions { Schema = schema };
        configure?.Invoke(options);
        KnowledgeStore store = OpenStore(options);
        await store.InitializeAsync(Model, Ct);
        return (store, schema);
    }
}
