// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Rag.Benchmarks.Retrieval;
using Rag.Connectors.Onnx;
using Rag.Connectors.Sqlite;
using Rag.TestUtilities;

namespace Rag.Benchmarks.SciFact;

/// <summary>A SciFact corpus embedded with one model and stored in a SQLite knowledge store; runs queries and scores them.</summary>
internal sealed class SciFactIndex : StoreRetrievalIndex
{
    private readonly TemporaryDirectory _directory;

    private SciFactIndex(string modelName, IEmbeddingGenerator<string, Embedding<float>>? generator, KnowledgeStore store, TemporaryDirectory directory)
        : base(modelName, generator, store)
    {
        _directory = directory;
    }

    /// <summary>
    /// Creates the generator of a model name: <c>arctic</c> (the default precision, int8), <c>arctic-int8</c>,
    /// <c>arctic-fp32</c>, <c>minilm</c>, or <c>arctic+minilm</c>: the two combined with equal weights as the SDK's
    /// built-in ensemble combines them, each model reading the same 512 tokens as its own row here.
    /// </summary>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateGenerator(string model) => model == "arctic+minilm"
        ? new CombinedEmbeddingGenerator([new(CreateGenerator("arctic"), 1), new(CreateGenerator("minilm"), 1)])
        : OnnxEmbeddingGenerator.Create(new OnnxEmbeddingGeneratorOptions
        {
            BuiltInModel = model.StartsWith("minilm", StringComparison.Ordinal) ? BuiltInEmbeddingModel.AllMiniLmL6V2 : BuiltInEmbeddingModel.ArcticEmbedXs,
            Precision = model.EndsWith("-fp32", StringComparison.Ordinal) ? EmbeddingModelPrecision.Float32
                : model.EndsWith("-int8", StringComparison.Ordinal) ? EmbeddingModelPrecision.Int8
                : null,
            MaxSequenceLength = 512,
        });

    /// <summary>Embeds the corpus and stores it; <paramref name="openStore"/> opens the store in a scratch folder (SQLite when <see langword="null"/>).</summary>
    public static async Task<SciFactIndex> BuildAsync(
        string model, IReadOnlyList<BeirDocument> corpus, string cacheFolder, BenchmarkReport report, CancellationToken cancellationToken, Func<string, string, KnowledgeStore>? openStore = null)
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = CreateGenerator(model);
        EmbeddingModelInfo info = generator.GetService<EmbeddingModelInfo>()!;
        float[][] vectors = await EmbedCorpusAsync(generator, info, corpus, cacheFolder, report, cancellationToken);

        var directory = new TemporaryDirectory();
        KnowledgeStore store = openStore?.Invoke(directory.Path, model) ?? SqliteKnowledgeStore.Open(Path.Combine(directory.Path, "scifact.db"));
        await store.ResetAsync(info, cancellationToken); // a fresh index, also when a server-side store already held one
        await StoreAsync(store, corpus, vectors, report, info.ModelId, cancellationToken);
        return new SciFactIndex(model, generator, store, directory);
    }

    /// <summary>
    /// Stores the corpus without vectors in the store <paramref name="openStore"/> opens (given a scratch folder; it
    /// must hold no documents): an index for keyword-only runs, which embed nothing.
    /// </summary>
    public static async Task<SciFactIndex> BuildKeywordOnlyAsync(
        IReadOnlyList<BeirDocument> corpus, Func<string, CancellationToken, Task<KnowledgeStore>> openStore, string name, BenchmarkReport report, CancellationToken cancellationToken)
    {
        var directory = new TemporaryDirectory();
        KnowledgeStore store = await openStore(directory.Path, cancellationToken);
        await StoreAsync(store, corpus, null, report, $"keyword only ({name})", cancellationToken);
        return new SciFactIndex("keyword", null, store, directory);
    }

    public override void Dispose()
    {
        base.Dispose();
        _directory.Dispose();
    }

    protected override string DocumentIdOf(ChunkSearchResult result) => result.Chunk.DocumentId;

    private static async Task StoreAsync(KnowledgeStore store, IReadOnlyList<BeirDocument> corpus, float[][]? vectors, BenchmarkReport report, string name, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < corpus.Count; i++)
        {
            BeirDocument doc = corpus[i];
            var record = new DocumentRecord { Id = doc.Id, Path = doc.Id, Title = doc.Title, FileType = "txt", ContentHash = Hash(doc.Text), ChunkCount = 1 };
            var chunk = new DocumentChunk
            {
                DocumentId = doc.Id,
                Index = 0,
                Text = doc.Text,
                Title = doc.Title,
                Path = doc.Id,
                EndOffset = doc.Text.Length,
                ContentHash = record.ContentHash,
                FileType = "txt",
                Embedding = vectors?[i] ?? ReadOnlyMemory<float>.Empty,
            };
            await store.UpsertDocumentAsync(record, [chunk], cancellationToken);
        }

        report.Line(string.Create(CultureInfo.InvariantCulture, $"{name}: stored {corpus.Count} documents in {stopwatch.Elapsed.TotalSeconds:0.0} s"));
    }

    private static async Task<float[][]> EmbedCorpusAsync(IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingModelInfo info, IReadOnlyList<BeirDocument> corpus, string cacheFolder, BenchmarkReport report, CancellationToken cancellationToken)
    {
        string cacheFile = Path.Combine(cacheFolder, $"scifact-{info.ModelId}-{corpus.Count}.f32");
        if (File.Exists(cacheFile))
        {
            byte[] bytes = await File.ReadAllBytesAsync(cacheFile, cancellationToken);
            float[] all = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            report.Line($"{info.ModelId}: corpus embeddings loaded from cache {cacheFile}");
            return [.. Enumerable.Range(0, corpus.Count).Select(i => all.AsSpan(i * info.Dimensions, info.Dimensions).ToArray())];
        }

        var stopwatch = Stopwatch.StartNew();
        var vectors = new List<float[]>(corpus.Count);
        foreach (BeirDocument[] batch in corpus.Chunk(256))
        {
            GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(batch.Select(d => d.Title + "\n" + d.Text), cancellationToken: cancellationToken);
            vectors.AddRange(embeddings.Select(e => e.Vector.ToArray()));
        }

        report.Line(string.Create(CultureInfo.InvariantCulture, $"{info.ModelId}: embedded {corpus.Count} documents in {stopwatch.Elapsed.TotalSeconds:0.0} s ({corpus.Count / stopwatch.Elapsed.TotalSeconds:0.0} docs/s)"));
        Directory.CreateDirectory(cacheFolder);
        await File.WriteAllBytesAsync(cacheFile, MemoryMarshal.AsBytes(vectors.SelectMany(v => v).ToArray().AsSpan()).ToArray(), cancellationToken);
        return [.. vectors];
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
