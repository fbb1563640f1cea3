// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.VectorData;
using Rag.ConformanceTests.VectorData;

namespace Rag.Connectors.Postgres.Tests.VectorData;

public sealed class PostgresCollectionTests : IDisposable
{
    private readonly string _schema = PostgresTestDatabase.NewSchemaName();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => PostgresTestDatabase.DropSchemas([_schema]);

    private PostgresVectorStore Store(string? modelId = null) =>
        new(PostgresTestDatabase.DataSource, new PostgresVectorStoreOptions { Schema = _schema, EmbeddingModelId = modelId });

    [Fact]
    public async Task EnsureCollectionExistsAsync_OtherModel_ThrowsMismatch()
    {
        using (PostgresVectorStore store = Store("model-a"))
        {
            await store.GetCollection<string, Hotel<string>>("hotels").EnsureCollectionExistsAsync(Ct);
        }

        using PostgresVectorStore other = Store("model-b");

        var ex = await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => other.GetCollection<string, Hotel<string>>("hotels").EnsureCollectionExistsAsync(Ct));
        Assert.Equal("model-a", ex.Stored.ModelId);
        Assert.Equal("hotels", ex.Data["Collection"]);
    }

    [Fact]
    public async Task HybridSearchAsync_AdditionalProperty_MatchesOnlyThatProperty()
    {
        using PostgresVectorStore store = Store();
        PostgresCollection<string, Room> collection = store.GetCollection<string, Room>("rooms");
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(
        [
            new Room { Id = "a", Title = "garden view", Notes = "quiet", Embedding = new float[] { 1, 0 } },
            new Room { Id = "b", Title = "quiet corner", Notes = "garden access", Embedding = new float[] { 1, 0 } },
        ], Ct);

        List<VectorSearchResult<Room>> byTitle = await collection
            .HybridSearchAsync(new float[] { 0, 1 }, ["garden"], 1, new HybridSearchOptions<Room> { AdditionalProperty = r => r.Title }, Ct).ToListAsync(Ct);
        List<VectorSearchResult<Room>> byNotes = await collection
            .HybridSearchAsync(new float[] { 0, 1 }, ["garden"], 1, new HybridSearchOptions<Room> { AdditionalProperty = r => r.Notes }, Ct).ToListAsync(Ct);

        Assert.Equal("a", byTitle.Single().Record.Id);
        Assert.Equal("b", byNotes.Single().Record.Id);
    }

    [Fact]
    public async Task SearchAsync_MissingCollection_ThrowsVectorStoreException()
    {
        using PostgresVectorStore store = Store();

        var ex = await Assert.ThrowsAsync<VectorStoreException>(async () => await store.GetCollection<string, Hotel<string>>("absent")
            .SearchAsync(new float[] { 1, 0, 0, 0 }, 1, cancellationToken: Ct).ToListAsync(Ct));

        Assert.Contains("EnsureCollectionExistsAsync", ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetCollection<string, Hotel<string>>("absent").GetAsync("x", cancellationToken: Ct));
    }

    [Fact]
    public async Task SearchAsync_Canceled_Throws()
    {
        using PostgresVectorStore store = Store();
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.GetCollection<string, Hotel<string>>("hotels")
            .SearchAsync(new float[] { 1, 0, 0, 0 }, 1, cancellationToken: canceled.Token).ToListAsync(canceled.Token));
    }

    [Fact]
    public void GetCollection_InvalidName_Throws()
    {
        using PostgresVectorStore store = Store();

        Assert.Throws<ArgumentException>(() => store.GetCollection<string, Hotel<string>>("bad name; DROP"));
        Assert.Throws<ArgumentException>(() => store.GetCollection<string, Hotel<string>>("rag_collections"));
    }

    public sealed class Room
    {
        [VectorStoreKey]
        public string Id { get; set; } = string.Empty;

        [VectorStoreData(IsFullTextIndexed = true)]
        public string Title { get; set; } = string.Empty;

        [VectorStoreData(IsFullTextIndexed = true)]
        public string Notes { get; set; } = string.Empty;

        [VectorStoreVector(2)]
        public ReadOnlyMemory<float>? Embedding { get; set; }
    }
}
