// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.VectorData;

namespace Rag.ConformanceTests.VectorData;

/// <summary>
/// The behaviour every <see cref="VectorStore"/> connector must show (attribute model, record definition, keys, filters,
/// search and hybrid search). Derive once per store and implement <see cref="CreateVectorStore"/>; each test gets a new, empty store.
/// </summary>
public abstract class VectorStoreConformanceTests : IDisposable
{
    private readonly List<VectorStore> _stores = [];

    protected abstract VectorStore CreateEmptyVectorStore();

    public void Dispose()
    {
        foreach (VectorStore store in _stores)
        {
            store.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected VectorStore CreateVectorStore()
    {
        VectorStore store = CreateEmptyVectorStore();
        _stores.Add(store);
        return store;
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static Hotel<TKey>[] Hotels<TKey>(Func<int, TKey> key) =>
    [
        new() { Id = key(1), Name = "Seaside", Rating = 5, Parking = true, Description = "A calm hotel by the sea with a pool.", Tags = ["sea", "pool"], Opened = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), Embedding = new float[] { 1, 0, 0, 0 } },
        new() { Id = key(2), Name = "Mountain", Rating = 3, Parking = false, Description = "Ski lodge high in the mountains.", Tags = ["ski"], Opened = new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero), Embedding = new float[] { 0, 1, 0, 0 } },
        new() { Id = key(3), Name = "City", Rating = 4, Parking = true, Description = "Business hotel downtown, near the station.", Tags = ["business", "pool"], Opened = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero), Embedding = new float[] { 0.7f, 0.7f, 0, 0 } },
    ];

    protected async Task<VectorStoreCollection<TKey, Hotel<TKey>>> SeededAsync<TKey>(Func<int, TKey> key)
        where TKey : notnull
    {
        VectorStoreCollection<TKey, Hotel<TKey>> collection = CreateVectorStore().GetCollection<TKey, Hotel<TKey>>("hotels");
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.UpsertAsync(Hotels(key), Ct);
        return collection;
    }

    [Fact]
    public async Task EnsureCollectionExistsAsync_ThenDeleted_ExistsReflectsState()
    {
        VectorStore store = CreateVectorStore();
        VectorStoreCollection<string, Hotel<string>> collection = store.GetCollection<string, Hotel<string>>("hotels");

        bool before = await collection.CollectionExistsAsync(Ct);
        await collection.EnsureCollectionExistsAsync(Ct);
        await collection.EnsureCollectionExistsAsync(Ct);
        bool after = await store.CollectionExistsAsync("hotels", Ct);
        List<string> names = await store.ListCollectionNamesAsync(Ct).ToListAsync(Ct);
        await store.EnsureCollectionDeletedAsync("hotels", Ct);

        Assert.False(before);
        Assert.True(after);
        Assert.Equal(["hotels"], names);
        Assert.False(await collection.CollectionExistsAsync(Ct));
    }

    [Fact]
    public async Task GetAsync_StringKey_RoundTripsAllProperties()
    {
        VectorStoreCollection<string, Hotel<string>> collection = await SeededAsync(i => "h" + i);

        Hotel<string>? hotel = await collection.GetAsync("h1", new RecordRetrievalOptions { IncludeVectors = true }, Ct);
        Hotel<string>? withoutVector = await collection.GetAsync("h1", cancellationToken: Ct);
        Hotel<string>? missing = await collection.GetAsync("nope", cancellationToken: Ct);

        Assert.NotNull(hotel);
        Assert.Equal("Seaside", hotel.Name);
        Assert.Equal(5, hotel.Rating);
        Assert.True(hotel.Parking);
        Assert.Equal(["sea", "pool"], hotel.Tags);
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), hotel.Opened);
        Assert.Equal([1f, 0, 0, 0], hotel.Embedding!.Value.ToArray());
        Assert.Null(withoutVector!.Embedding);
        Assert.Null(missing);
    }

    [Fact]
    public async Task UpsertAsync_ExistingKey_Replaces()
    {
        VectorStoreCollection<Guid, Hotel<Guid>> collection = await SeededAsync(i => new Guid(i, 0, 0, new byte[8]));
        Guid id = new(2, 0, 0, new byte[8]);

        await collection.UpsertAsync(new Hotel<Guid> { Id = id, Name = "Renamed", Description = "now by the sea", Embedding = new float[] { 1, 0, 0, 0 } }, Ct);

        Assert.Equal("Renamed", (await collection.GetAsync(id, cancellationToken: Ct))!.Name);
        List<VectorSearchResult<Hotel<Guid>>> results = await collection.SearchAsync(new ReadOnlyMemory<float>([1, 0, 0, 0]), 3, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(2, results.Count(r => r.Score > 0.99));
        Assert.Equal(3, results.Count);
    }

    [Fact]
    public async Task DeleteAsync_LongKey_RemovesFromGetAndSearch()
    {
        VectorStoreCollection<long, Hotel<long>> collection = await SeededAsync(i => (long)i);

        await collection.DeleteAsync(1L, Ct);

        Assert.Null(await collection.GetAsync(1L, cancellationToken: Ct));
        List<VectorSearchResult<Hotel<long>>> results = await collection.SearchAsync(new float[] { 1, 0, 0, 0 }, 5, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal([3L, 2L], results.Select(r => r.Record.Id));
    }

    [Fact]
    public async Task SearchAsync_Vector_ReturnsNearestFirstWithScores()
    {
        VectorStoreCollection<string, Hotel<string>> collection = await SeededAsync(i => "h" + i);

        List<VectorSearchResult<Hotel<string>>> results = await collection.SearchAsync(new ReadOnlyMemory<float>([1, 0.1f, 0, 0]), 2, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(["h1", "h3"], results.Select(r => r.Record.Id));
        Assert.True(results[0].Score > results[1].Score);
        Assert.InRange(results[0].Score!.Value, 0.99, 1.0);
    }

    [Fact]
    public async Task SearchAsync_WithFilter_AppliesFilter()
    {
        VectorStoreCollection<string, Hotel<string>> collection = await SeededAsync(i => "h" + i);
        int minRating = 4;

        List<VectorSearchResult<Hotel<string>>> results = await collection.SearchAsync(
            new ReadOnlyMemory<float>([0, 1, 0, 0]), 3, new VectorSearchOptions<Hotel<string>> { Filter = h => h.Rating >= minRating && h.Tags.Contains("pool") && h.Name != "Seaside" }, Ct).ToListAsync(Ct);

        Assert.Equal(["h3"], results.Select(r => r.Record.Id));
    }

    [Fact]
    public async Task GetAsync_Filter_ReturnsMatchingRecordsOrdered()
    {
        VectorStoreCollection<string, Hotel<string>> collection = await SeededAsync(i => "h" + i);
        string[] names = ["City", "Mountain"];

        List<Hotel<string>> records = await collection.GetAsync(
            h => names.Contains(h.Name) || !h.Parking, 10, new FilteredRecordRetrievalOptions<Hotel<string>> { OrderBy = o => o.Descending(h => h.Rating) }, Ct).ToListAsync(Ct);

        Assert.Equal(["h3", "h2"], records.Select(r => r.Id));
    }

    [Fact]
    public async Task HybridSearchAsync_Keywords_PromotesKeywordMatch()
    {
        VectorStoreCollection<string, Hotel<string>> collection = await SeededAsync(i => "h" + i);
        var hybrid = (IKeywordHybridSearchable<Hotel<string>>)collection;

        // The vector favours the mountain lodge, the keywords the downtown hotel.
        List<VectorSearchResult<Hotel<string>>> results = await hybrid.HybridSearchAsync(new ReadOnlyMemory<float>([0, 1, 0, 0]), ["station", "downtown"], 3, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("h3", results[0].Record.Id);
        Assert.Equal(3, results.Count);
    }

    [Fact]
    public async Task GetCollection_RecordDefinition_WorksWithoutAttributes()
    {
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Key", typeof(string)),
                new VectorStoreDataProperty("Text", typeof(string)) { IsFullTextIndexed = true },
                new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), 2),
            ],
        };
        VectorStoreCollection<object, Dictionary<string, object?>> collection = CreateVectorStore().GetDynamicCollection("notes", definition);
        await collection.EnsureCollectionExistsAsync(Ct);

        await collection.UpsertAsync(new Dictionary<string, object?> { ["Key"] = "n1", ["Text"] = "hello world", ["Vector"] = new ReadOnlyMemory<float>([1, 0]) }, Ct);
        await collection.UpsertAsync(new Dictionary<string, object?> { ["Key"] = "n2", ["Text"] = "goodbye", ["Vector"] = new ReadOnlyMemory<float>([0, 1]) }, Ct);

        Dictionary<string, object?>? note = await collection.GetAsync("n1", cancellationToken: Ct);
        List<VectorSearchResult<Dictionary<string, object?>>> results = await collection.SearchAsync(new ReadOnlyMemory<float>([0, 1]), 1, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal("hello world", note!["Text"]);
        Assert.Equal("n2", results.Single().Record["Key"]);
    }
}
