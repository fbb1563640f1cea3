// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rag.TestUtilities;

using Rag.Connectors.Onnx;
using Rag.Connectors.Sqlite;

namespace Rag.Benchmarks.Ingestion;

/// <summary>
/// Ingests the SciFact corpus (one .md file per abstract) and compares total ingestion time with the pure embedding time
/// of the same chunks, measured in the same run; then re-syncs the unchanged folder.
/// </summary>
/// <remarks>
/// Real components: the default built-in embedding model (ONNX) and the SQLite knowledge store.
/// Targets: ingestion ≤ 1.2× pure embedding time; re-sync of an unchanged folder of 1,000 files ≤ 2 s.
/// </remarks>
internal sealed class IngestBenchmark : IBenchmark
{
    public string Name => "ingest";

    public string Description => "Ingest SciFact abstracts as files: docs/s, chunks/s, vs pure embedding time; unchanged re-sync time (--limit N).";


    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        int limit = int.Parse(BenchmarkArgs.Get(args, "--limit", int.MaxValue.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        string corpus = Path.Combine(TestEnvironment.SciFactDirectory, "corpus.jsonl.gz");
        using var folder = new TemporaryDirectory();
        int documents = WriteCorpus(corpus, folder, limit);

        using var storeFolder = new TemporaryDirectory();
        using IEmbeddingGenerator<string, Embedding<float>> generator = OnnxEmbeddingGenerator.Create();
        using KnowledgeStore store = SqliteKnowledgeStore.Open(Path.Combine(storeFolder.Path, "index.db"));
        var ingestor = new DocumentIngestor(store, generator);

        report.Section("Full ingestion");
        var total = Stopwatch.StartNew();
        FolderSyncResult first = await ingestor.SyncFolderAsync(folder.Path, cancellationToken: cancellationToken);
        total.Stop();

        // Pure embedding of exactly the stored chunk texts, same batch size, same generator.
        List<string> texts = [];
        foreach (DocumentRecord record in await store.GetDocumentsAsync(cancellationToken))
        {
            texts.AddRange((await store.GetChunksAsync(record.Id, cancellationToken)).Select(c => c.Text));
        }

        var embedOnly = Stopwatch.StartNew();
        var purpose = ((EmbeddingGenerationOptions?)null).WithPurpose(EmbeddingPurpose.Document);
        foreach (string[] batch in texts.Chunk(32))
        {
            await generator.GenerateAsync(batch, purpose, cancellationToken);
        }

        embedOnly.Stop();

        report.Table(
        [
            ["documents", "chunks", "failed", "total s", "docs/s", "chunks/s", "pure embedding s", "ratio (target ≤ 1.2)", "embedding time inside sync s"],
            [
                documents.ToString(CultureInfo.InvariantCulture),
                first.ChunksEmbedded.ToString(CultureInfo.InvariantCulture),
                first.Failed.Count.ToString(CultureInfo.InvariantCulture),
                total.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                (documents / total.Elapsed.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture),
                (first.ChunksEmbedded / total.Elapsed.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture),
                embedOnly.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                (total.Elapsed.TotalSeconds / Math.Max(embedOnly.Elapsed.TotalSeconds, 1e-9)).ToString("F2", CultureInfo.InvariantCulture),
                first.EmbeddingTime.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
            ],
        ]);

        report.Section("Unchanged re-sync");
        var resync = Stopwatch.StartNew();
        FolderSyncResult second = await ingestor.SyncFolderAsync(folder.Path, cancellationToken: cancellationToken);
        resync.Stop();
        report.Line($"{second.Unchanged} unchanged files re-synced in {resync.Elapsed.TotalSeconds:F2} s " +
            $"({resync.Elapsed.TotalMilliseconds * 1000 / Math.Max(1, second.Unchanged):F0} ms per 1,000 files; target ≤ 2 s per 1,000).");
        if (second.ChunksEmbedded != 0 || second.Unchanged != documents)
        {
            throw new InvalidOperationException("The unchanged re-sync re-processed files.");
        }
    }

    /// <summary>Writes the first <paramref name="limit"/> SciFact abstracts of <paramref name="corpus"/> as .md files; returns how many.</summary>
    internal static int WriteCorpus(string corpus, TemporaryDirectory folder, int limit)
    {
        using FileStream file = File.OpenRead(corpus);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        int count = 0;
        while (count < limit && reader.ReadLine() is { } line)
        {
            using JsonDocument json = JsonDocument.Parse(line);
            string id = json.RootElement.GetProperty("_id").GetString()!;
            string title = json.RootElement.GetProperty("title").GetString() ?? string.Empty;
            string text = json.RootElement.GetProperty("text").GetString() ?? string.Empty;
            folder.WriteFile($"{id[..Math.Min(2, id.Length)]}/{id}.md", $"# {title}\n\n{text}\n");
            count++;
        }

        return count;
    }
}
