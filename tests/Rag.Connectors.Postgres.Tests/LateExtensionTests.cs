// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.VectorData;
using Npgsql;
using Rag.Connectors.Postgres.Tests.VectorData;

namespace Rag.Connectors.Postgres.Tests;

[CollectionDefinition(nameof(LateExtensionTests), DisableParallelization = true)]
public sealed class LateExtensionCollection;

/// <summary>
/// Stores over a caller's data source that loaded its types before pgvector existed, and the extension then created by
/// someone else (CI's first failure order: another test created it through the shared data source). Each test drops and
/// re-creates the <c>vector</c> extension, so the collection runs alone, after every parallel test.
/// </summary>
[Collection(nameof(LateExtensionTests))]
public sealed class LateExtensionTests : IDisposable
{
    private readonly string _schema = PostgresTestDatabase.NewSchemaName();
    private readonly NpgsqlDataSource _dataSource;

    public LateExtensionTests()
    {
        var builder = new NpgsqlDataSourceBuilder(PostgresTestDatabase.ConnectionString);
        builder.UseVector();
        _dataSource = builder.Build();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _dataSource.Dispose();
        PostgresTestDatabase.DropSchemas([_schema]);

        // The extension's types got new ids: the shared data source must learn them for any test after this one.
        using NpgsqlConnection connection = PostgresTestDatabase.DataSource.OpenConnection();
        connection.ReloadTypes();
    }

    [Fact]
    public async Task KnowledgeStore_ExtensionCreatedAfterTheDataSourceConnected_StoresAndFindsVectors()
    {
        await RecreateExtensionAfterBootstrapAsync();
        using KnowledgeStore store = PostgresKnowledgeStore.Create(_dataSource, new PostgresStoreOptions { Schema = _schema, CreateExtension = false });
        await store.InitializeAsync(new EmbeddingModelInfo("test-model", 2), Ct);

        await store.UpsertDocumentAsync(
            new DocumentRecord { Id = "d", Path = "d.md", FileType = "md", ContentHash = "h", ChunkCount = 1 },
            [new DocumentChunk { DocumentId = "d", Index = 0, Text = "late extension", Path = "d.md", ContentHash = "c0", FileType = "md", Embedding = new float[] { 1, 0 } }],
            Ct);
        IReadOnlyList<ChunkSearchResult> found = await store.SearchAsync(new ChunkSearchRequest { Vector = new float[] { 1, 0 }, Top = 1 }, Ct);

        Assert.Equal("d", Assert.Single(found).Chunk.DocumentId);
    }

    [Fact]
    public async Task VectorStore_ExtensionCreatedAfterTheDataSourceConnected_StoresAndFindsVectors()
    {
        await RecreateExtensionAfterBootstrapAsync();
        using var store = new PostgresVectorStore(_dataSource, new PostgresVectorStoreOptions { Schema = _schema, CreateExtension = false });
        PostgresCollection<string, PostgresCollectionTests.Room> rooms = store.GetCollection<string, PostgresCollectionTests.Room>("rooms");
        await rooms.EnsureCollectionExistsAsync(Ct);

        await rooms.UpsertAsync(new PostgresCollectionTests.Room { Id = "a", Title = "late", Notes = "extension", Embedding = new float[] { 1, 0 } }, Ct);
        List<VectorSearchResult<PostgresCollectionTests.Room>> found = await rooms.SearchAsync(new float[] { 1, 0 }, 1, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("a", Assert.Single(found).Record.Id);
    }

    /// <summary>
    /// Drops pgvector, lets <see cref="_dataSource"/> connect (loading its types without <c>vector</c>), then creates the
    /// extension through that connection without reloading, as another tool or test would.
    /// </summary>
    private async Task RecreateExtensionAfterBootstrapAsync()
    {
        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(Ct);
        await using (var drop = new NpgsqlCommand("DROP EXTENSION IF EXISTS vector CASCADE;", connection))
        {
            await drop.ExecuteNonQueryAsync(Ct);
        }

        await connection.ReloadTypesAsync(Ct);
        await using var create = new NpgsqlCommand("CREATE EXTENSION vector;", connection);
        await create.ExecuteNonQueryAsync(Ct);
    }
}
