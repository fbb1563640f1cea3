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

    private static float[] Gaussian(Random random, float scale) => ClusteredVectors.Gaussian(random, Dimensions, scale);

    private static float[] Noisy(Random random, float[] centroid, float noise) => ClusteredVectors.Noisy(random, centroid, noise);
}
