// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.TestUtilities;

namespace Rag.ConformanceTests.Store;

/// <summary>
/// Ranking: a store ranks exactly as the in-memory reference store does (and so as every other store does): the same
/// documents and query give the same chunks in the same order with the same vector, keyword and fused scores, for vector,
/// keyword and hybrid searches with each fusion method.
/// </summary>
/// <remarks>
/// The corpus is written so that the stores' keyword analyses agree (the reference matches words as written; SQLite stems
/// with Porter and counts tokens; PostgreSQL stems with Snowball, drops stop words and counts distinct lexemes): no stop
/// words, no word used twice in a chunk, and every query word spelled as in the text. What is compared is then the ranking
/// itself: cosine similarity, BM25 (k1, b, IDF, field weights, length normalisation) and the SDK's fusion.
/// </remarks>
public abstract partial class KnowledgeStoreConformanceTests
{
    private const double Tolerance = 1e-5;

    private static readonly (string Id, string Title, (string Heading, string Text, float[] Vector)[] Chunks)[] s_rankingCorpus =
    [
        ("glacier", "Glacier survey", [("Fieldwork", "Alpine ice melt feeds mountain rivers.", [0.9f, 0.1f, 0.2f, 0.1f]), ("Samples", "Ice cores record ancient climate.", [0.7f, 0.3f, 0.1f, 0.4f])]),
        ("volcano", "Volcano report", [("Eruption", "Basalt lava cools forming black rock.", [0.1f, 0.9f, 0.3f, 0.2f])]),
        ("desert", "Desert atlas", [("Dunes", "Sand shifts across hot windy plains.", [0.2f, 0.6f, 0.7f, 0.1f])]),
        ("tides", "Ocean tides", [("Coast", "Lunar gravity pulls seawater toward beaches.", [0.3f, 0.2f, 0.9f, 0.3f])]),
        ("forest", "Forest canopy", [("Trees", "Rainforest parrots nest atop tall kapok.", [0.2f, 0.3f, 0.4f, 0.9f])]),
        ("delta", "River delta", [("Sediment", "Muddy water deposits silt near fertile farmland.", [0.6f, 0.2f, 0.5f, 0.5f])]),
        ("climate", "Mountain climate", [("Weather", "Thin cold air brings snow storms.", [0.8f, 0.4f, 0.3f, 0.3f]), ("Seasons", "Winter avalanches bury steep slopes.", [0.5f, 0.5f, 0.2f, 0.6f])]),
        ("lake", "Lake ecology", [("Fish", "Freshwater trout thrive cold clear water.", [0.4f, 0.1f, 0.6f, 0.7f])]),
    ];

    public static TheoryData<string, float[]?, HybridFusionMethod> RankingSearches => new()
    {
        { "glacier ice climate", [1f, 0.2f, 0.2f, 0.3f], HybridFusionMethod.MinMaxLinear },
        { "cold water rivers", [0.5f, 0.2f, 0.6f, 0.6f], HybridFusionMethod.MinMaxLinear },
        { "mountain rivers snow", [0.7f, 0.4f, 0.2f, 0.4f], HybridFusionMethod.ReciprocalRank },
        { "lava rock volcano", [0.2f, 0.8f, 0.4f, 0.1f], HybridFusionMethod.DistributionBased },
        { "trout water climate", [0.3f, 0.3f, 0.5f, 0.8f], HybridFusionMethod.DistributionBased },
        { "cold water rivers", null, HybridFusionMethod.MinMaxLinear },
        { "Ocean tides", null, HybridFusionMethod.MinMaxLinear },
        { string.Empty, [0.6f, 0.3f, 0.4f, 0.5f], HybridFusionMethod.MinMaxLinear },
    };

    [Theory]
    [MemberData(nameof(RankingSearches))]
    public async Task SearchAsync_SameCorpusAndQuery_RanksAsTheReferenceStore(string keywords, float[]? vector, HybridFusionMethod method)
    {
        var request = new ChunkSearchRequest
        {
            Keywords = keywords,
            Vector = vector ?? default(ReadOnlyMemory<float>),
            Top = 20,
            Hybrid = new HybridSearchSettings { Method = method },
        };

        using var reference = new InMemoryKnowledgeStore();
        await reference.InitializeAsync(Model, TestContext.Current.CancellationToken);
        IReadOnlyList<ChunkSearchResult> expected = await SeedRankingCorpusAndSearchAsync(reference, request);
        IReadOnlyList<ChunkSearchResult> actual = await SeedRankingCorpusAndSearchAsync(await CreateStore(), request);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(r => r.Chunk.Key), actual.Select(r => r.Chunk.Key));
        for (int i = 0; i < expected.Count; i++)
        {
            AssertClose(expected[i].Score, actual[i].Score, expected[i].Chunk.Key);
            AssertClose(expected[i].VectorScore, actual[i].VectorScore, expected[i].Chunk.Key);
            AssertClose(expected[i].KeywordScore, actual[i].KeywordScore, expected[i].Chunk.Key);
        }
    }

    private static void AssertClose(double? expected, double? actual, string key)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{key}: expected score {expected}, got {actual}.");
        if (expected is double e)
        {
            Assert.True(Math.Abs(e - actual!.Value) <= Tolerance, $"{key}: expected score {e:R}, got {actual:R}.");
        }
    }

    private static async Task<IReadOnlyList<ChunkSearchResult>> SeedRankingCorpusAndSearchAsync(KnowledgeStore store, ChunkSearchRequest request)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        foreach ((string id, string title, (string Heading, string Text, float[] Vector)[] chunks) in s_rankingCorpus)
        {
            var record = new DocumentRecord { Id = id, Path = id + ".md", Title = title, FileType = "md", ContentHash = "hash-" + id, ChunkCount = chunks.Length };
            await store.UpsertDocumentAsync(record, [.. chunks.Select((c, i) => RankingChunk(record, i, c.Heading, c.Text, c.Vector))], ct);
        }

        return await store.SearchAsync(request, ct);
    }

    private static DocumentChunk RankingChunk(DocumentRecord document, int index, string heading, string text, float[] vector) => new()
    {
        DocumentId = document.Id,
        Index = index,
        Text = text,
        Path = document.Path,
        Title = document.Title,
        HeadingPath = [heading],
        StartOffset = index * 100,
        EndOffset = (index * 100) + text.Length,
        ContentHash = document.Id + "-" + index,
        FileType = document.FileType,
        Embedding = vector,
    };
}
