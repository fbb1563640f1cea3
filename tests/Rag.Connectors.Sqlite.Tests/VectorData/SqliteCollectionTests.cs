// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.VectorData;
using Rag.ConformanceTests.VectorData;
using Rag.TestUtilities;

namespace Rag.Connectors.Sqlite.Tests.VectorData;

public sealed class SqliteCollectionTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    private string DbPath => Path.Combine(_directory.Path, "vs.db");

    private static Hotel<string> Hotel(string id, string description, float[] vector) => new() { Id = id, Name = id, Description = description, Embedding = vector };

    [Fact]
    public async Task SearchAsync_Reopened_LoadsStoredVectors()
    {
        using (var store = new SqliteVectorStore(DbPath))
        {
            SqliteCollection<string, Hotel<string>> collection = store.GetCollection<string, Hotel<string>>("hotels");
            await collection.EnsureCollectionExistsAsync(Ct);
            await collection.UpsertAsync([Hotel("a", "first", [1, 0, 0, 0]), Hotel("b", "second", [0, 1, 0, 0])], Ct);
        }

        using var reopened = new SqliteVectorStore(DbPath);
        List<VectorSearchResult<Hotel<string>>> results = await reopened.GetCollection<string, Hotel<string>>("hotels")
            .SearchAsync(new float[] { 0, 1, 0, 0 }, 1, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("b", results.Single().Record.Id);
    }

    [Fact]
    public async Task EnsureCollectionExistsAsync_OtherModel_ThrowsMismatch()
    {
        using (var store = new SqliteVectorStore(DbPath, new SqliteVectorStoreOptions { EmbeddingModelId = "model-a" }))
        {
            await store.GetCollection<string, Hotel<string>>("hotels").EnsureCollectionExistsAsync(Ct);
        }

        using var other = new SqliteVectorStore(DbPath, new SqliteVectorStoreOptions { EmbeddingModelId = "model-b" });

        var ex = await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => other.GetCollection<string, Hotel<string>>("hotels").EnsureCollectionExistsAsync(Ct));
        Assert.Equal("model-a", ex.Stored.ModelId);
        Assert.Equal(Path.GetFullPath(DbPath), ex.Data["DatabasePath"]);
    }

    [Fact]
    public async Task HybridSearchAsync_AccentlessKeywords_MatchAccentedText()
    {
        using var store = new SqliteVectorStore(DbPath);
        SqliteCollection<string, Hotel<string>> collection = store.GetCollection<string, Hotel<string>>("hotels");
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync([Hotel("a", "Hôtel près de la plage", [1, 0, 0, 0]), Hotel("b", "Cabaña en la montaña", [0, 1, 0, 0])], Ct);

        List<VectorSearchResult<Hotel<string>>> results = await collection
            .HybridSearchAsync(new float[] { 1, 1, 0, 0 }, ["cabana", "montana"], 2, new HybridSearchOptions<Hotel<string>> { AdditionalProperty = h => h.Description }, Ct)
            .ToListAsync(Ct);

        Assert.Equal("b", results[0].Record.Id);
    }

    [Fact]
    public async Task SearchAsync_UnsupportedFilter_ThrowsNotSupportedNamingExpression()
    {
        using var store = new SqliteVectorStore(DbPath);
        SqliteCollection<string, Hotel<string>> collection = store.GetCollection<string, Hotel<string>>("hotels");
        await collection.EnsureCollectionExistsAsync(Ct);

        var ex = await Assert.ThrowsAsync<NotSupportedException>(async () => await collection
            .SearchAsync(new float[] { 1, 0, 0, 0 }, 1, new VectorSearchOptions<Hotel<string>> { Filter = h => h.Description.Length > 3 }, Ct)
            .ToListAsync(Ct));

        Assert.Contains("h.Description.Length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetCollection_InvalidName_Throws()
    {
        using var store = new SqliteVectorStore(DbPath);

        Assert.Throws<ArgumentException>(() => store.GetCollection<string, Hotel<string>>("bad name; DROP"));
        Assert.Throws<ArgumentException>(() => store.GetCollection<string, Hotel<string>>("rag_meta"));
    }
}
