// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Numerics.Tensors;
using Rag.TestUtilities;

namespace Rag.Connectors.Sqlite.Tests.Knowledge;

/// <summary>The default store's int8 vector index against an exact float search over the same rows.</summary>
public sealed class SqliteKnowledgeStoreVectorTests : IDisposable
{
    private const int Dimensions = 384;
    private static readonly EmbeddingModelInfo s_model = new("clustered-384", Dimensions);
    private readonly TemporaryDirectory _directory = new();
    private readonly Dictionary<(string DocumentId, int Index), float[]> _live = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SearchAsync_TightClusters_FindsTheExactTop10WithExactScores()
    {
        // Arrange: 8,000 chunks in 40 tight clusters (neighbours 0.002–0.01 apart in cosine), where int8 alone confuses neighbours.
        var random = new Random(5);
        float[][] centroids = [.. Enumerable.Range(0, 40).Select(_ => Gaussian(random, 1f))];
        using KnowledgeStore store = SqliteKnowledgeStore.Open(Path.Combine(_directory.Path, "kb.db"));
        await store.InitializeAsync(s_model, Ct);
        for (int d = 0; d < 160; d++)
        {
            await UpsertAsync(store, "doc" + d, [.. Enumerable.Range(0, 50).Select(_ => Noisy(random, centroids[random.Next(centroids.Length)], 0.15f))]);
        }

        float[][] queries = [.. Enumerable.Range(0, 40).Select(_ => Noisy(random, centroids[random.Next(centroids.Length)], 0.15f))];

        // Act / Assert
        await AssertMatchesExactAsync(store, queries);
    }

    [Theory]
    [InlineData(64, 0.01f, 900)] // neighbours closer than int8 can tell apart: more tie than the scan keeps in reserve
    [InlineData(64, 0.01f, 250)] // fewer: the reserve holds them
    [InlineData(384, 0.003f, 900)]
    [InlineData(384, 0f, 900)] // exact duplicates
    public async Task SearchAsync_NearDuplicateVectors_GivesTheExactTop10AtEveryRank(int dimensions, float noise, int perCluster)
    {
        // Arrange: 5 clusters of near-duplicates, and 500 random vectors.
        var random = new Random(dimensions + perCluster + (int)(noise * 1e6));
        float[][] centres = [.. Enumerable.Range(0, 5).Select(_ => ClusteredVectors.Gaussian(random, dimensions, 1f))];
        float[][] vectors = [.. Enumerable.Range(0, 5 * perCluster).Select(i => Jitter(random, centres[i % 5], noise)), .. Enumerable.Range(0, 500).Select(_ => ClusteredVectors.Gaussian(random, dimensions, 1f))];
        using KnowledgeStore store = SqliteKnowledgeStore.Open(Path.Combine(_directory.Path, "kb.db"));
        await store.InitializeAsync(new EmbeddingModelInfo("near-duplicates", dimensions), Ct);
        for (int d = 0; d * 50 < vectors.Length; d++)
        {
            await UpsertAsync(store, "doc" + d, vectors[(d * 50)..Math.Min(vectors.Length, (d + 1) * 50)]);
        }

        float[][] queries = [.. Enumerable.Range(0, 30).Select(q => q % 3 == 2 ? ClusteredVectors.Gaussian(random, dimensions, 1f) : Jitter(random, centres[q % 5], 0.001f))];

        // Act / Assert: the score at every rank is the exact search's (which rows of a tie come first does not matter).
        foreach (float[] query in queries)
        {
            IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Vector = query, Top = 10 }, Ct);
            double[] exact = [.. _live.Values.Select(v => (double)TensorPrimitives.CosineSimilarity(query, v)).OrderDescending().Take(10)];
            Assert.Equal(exact, results.Select(r => r.VectorScore!.Value), (a, b) => Math.Abs(a - b) <= 1e-6);
        }
    }

    [Theory]
    [InlineData(384)]
    [InlineData(1536)]
    public async Task SearchAsync_RoundingErrorsLinedUpWithTheQuery_StillFindTheBestRow(int dimensions)
    {
        // Arrange: every component of the best row rounds the same way under int8, the direction the query points to
        // (found by an independent attack: a margin of six standard deviations of independent rounding missed it).
        float[] Row(float value) => [127f, .. Enumerable.Repeat(value, dimensions - 1)];
        using KnowledgeStore store = SqliteKnowledgeStore.Open(Path.Combine(_directory.Path, "kb.db"));
        await store.InitializeAsync(new EmbeddingModelInfo("aligned", dimensions), Ct);
        await UpsertAsync(store, "decoys", [.. Enumerable.Range(0, 150).Select(_ => Row(10f))]);
        await UpsertAsync(store, "best", [Row(10.49f)]);
        float[] query = [.. Enumerable.Repeat(1f, dimensions)];

        // Act
        ChunkSearchResult result = Assert.Single(await store.SearchAsync(new ChunkSearchRequest { Vector = query, Top = 1 }, Ct));

        // Assert
        Assert.Equal("best", result.Chunk.DocumentId);
        Assert.Equal(TensorPrimitives.CosineSimilarity(query, Row(10.49f)), result.VectorScore!.Value, 1e-4); // float sums of 1536 terms differ by path
    }

    [Fact]
    public async Task SearchAsync_AfterDeletesUpdatesRenamesAndReopen_MatchesExactSearchOverLiveRows()
    {
        // Arrange
        var random = new Random(9);
        string path = Path.Combine(_directory.Path, "kb.db");
        float[][] queries = [.. Enumerable.Range(0, 15).Select(_ => Gaussian(random, 1f))];
        using (KnowledgeStore store = SqliteKnowledgeStore.Open(path))
        {
            await store.InitializeAsync(s_model, Ct);
            for (int d = 0; d < 40; d++)
            {
                await UpsertAsync(store, "doc" + d, [.. Enumerable.Range(0, 20).Select(_ => Gaussian(random, 1f))]);
            }

            // Act: delete, replace with other vectors (and fewer chunks), rename.
            for (int d = 0; d < 40; d += 3)
            {
                await store.DeleteDocumentAsync("doc" + d, Ct);
                Forget("doc" + d);
            }

            for (int d = 1; d < 40; d += 4)
            {
                Forget("doc" + d);
                await UpsertAsync(store, "doc" + d, [.. Enumerable.Range(0, 7).Select(_ => Gaussian(random, 1f))]);
            }

            await store.RenameDocumentAsync("doc2", new DocumentRecord { Id = "moved", Path = "moved.md", FileType = "md", ContentHash = "h-doc2" }, Ct);
            foreach (int index in Enumerable.Range(0, 20))
            {
                _live[("moved", index)] = _live[("doc2", index)];
                _live.Remove(("doc2", index));
            }

            // Assert: the deleted vectors are gone (each would be its own best match), the replaced ones are found.
            await AssertMatchesExactAsync(store, [.. queries, .. _live.Values.Take(10)]);
        }

        using KnowledgeStore reopened = SqliteKnowledgeStore.Open(path);
        await reopened.InitializeAsync(s_model, Ct);
        await AssertMatchesExactAsync(reopened, [.. queries, .. _live.Values.Skip(10).Take(10)]);
    }

    private async Task UpsertAsync(KnowledgeStore store, string id, float[][] vectors)
    {
        var document = new DocumentRecord { Id = id, Path = id + ".md", FileType = "md", ContentHash = "h-" + id };
        DocumentChunk[] chunks = [.. vectors.Select((v, i) => new DocumentChunk
        {
            DocumentId = id,
            Index = i,
            Text = "chunk " + i,
            Path = document.Path,
            ContentHash = $"{id}-{i}",
            Embedding = v,
        })];
        await store.UpsertDocumentAsync(document, chunks, Ct);
        for (int i = 0; i < vectors.Length; i++)
        {
            _live[(id, i)] = vectors[i];
        }
    }

    private void Forget(string id)
    {
        foreach ((string, int) key in _live.Keys.Where(k => k.DocumentId == id).ToArray())
        {
            _live.Remove(key);
        }
    }

    private async Task AssertMatchesExactAsync(KnowledgeStore store, float[][] queries)
    {
        int hits = 0;
        foreach (float[] query in queries)
        {
            IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Vector = query, Top = 10 }, Ct);
            var exact = _live.Select(e => (e.Key, Score: TensorPrimitives.CosineSimilarity(query, e.Value))).OrderByDescending(e => e.Score).Take(10).ToList();
            Assert.Equal(10, results.Count);
            foreach (ChunkSearchResult result in results)
            {
                (string, int) key = (result.Chunk.DocumentId, result.Chunk.Index);
                Assert.True(_live.ContainsKey(key), $"{key} was deleted or replaced but is still found");
                Assert.Equal(TensorPrimitives.CosineSimilarity(query, _live[key]), result.VectorScore!.Value, 1e-4);
            }

            hits += results.Count(r => exact.Any(e => e.Key == (r.Chunk.DocumentId, r.Chunk.Index)));
        }

        double recall = hits / (10.0 * queries.Length);
        Assert.True(recall >= 0.99, $"recall@10 against exact float search was {recall:F3}");
    }

    /// <summary>The centre with uniform noise of <paramref name="noise"/> at most on each component.</summary>
    private static float[] Jitter(Random random, float[] centre, float noise) => [.. centre.Select(x => x + (float)((random.NextDouble() - 0.5) * 2 * noise))];

    private static float[] Gaussian(Random random, float scale) => ClusteredVectors.Gaussian(random, Dimensions, scale);

    private static float[] Noisy(Random random, float[] centroid, float noise) => ClusteredVectors.Noisy(random, centroid, noise);
}
