// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Rag.TestUtilities;

namespace Rag.Tests.Ingestion;

/// <summary>Helpers for ingestion tests: sample folders, store snapshots, a failing generator, a synchronous progress sink.</summary>
internal static class IngestionTestSupport
{
    public static void WriteSampleFolder(TemporaryDirectory folder, int textFiles = 0)
    {
        folder.WriteFile("readme.md", "# Product\n\nThe product ships monthly.\n\n## Support\n\n| Tier | Hours |\n|---|---|\n| Gold | 24/7 |\n");
        folder.WriteFile("docs/policy.html", "<html><head><title>Policy</title></head><body><h1>Travel</h1><p>Trains are preferred over flights.</p></body></html>");
        folder.WriteFile("data/people.csv", "name,role\nAda,Engineer\nLinus,Maintainer\n");
        folder.WriteFile("data/config.json", "{\"service\":{\"name\":\"api\",\"port\":8080}}");
        folder.WriteFile("src/Program.cs", "using System;\n\nConsole.WriteLine(\"hello\");\n");
        folder.WriteFile("notes.txt", "Meeting notes. The budget was approved.\n\nNext meeting on Friday.");
        for (int i = 0; i < textFiles; i++)
        {
            folder.WriteFile($"many/file{i:D3}.txt", string.Join(' ', Enumerable.Range(0, 40 + i).Select(w => $"doc{i}word{w}")) + ".");
        }
    }

    public static async Task<string> SnapshotAsync(KnowledgeStore store)
    {
        var lines = new List<string>();
        foreach (DocumentRecord record in await store.GetDocumentsAsync())
        {
            lines.Add($"{record.Id}|{record.Path}|{record.Status}|{record.ContentHash}|{record.ChunkCount}|{record.Size}|{record.Error}");
            foreach (DocumentChunk chunk in await store.GetChunksAsync(record.Id))
            {
                lines.Add($"  {chunk.Key}|{chunk.StartOffset}-{chunk.EndOffset}|{chunk.ContentHash}|{string.Join(',', chunk.Embedding.ToArray().Select(f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}");
            }
        }

        return string.Join('\n', lines);
    }

    public static async Task<string> CleanSnapshotAsync(string folder, IngestionOptions? options = null)
    {
        using var store = new InMemoryKnowledgeStore();
        var ingestor = new DocumentIngestor(store, new HashingEmbeddingGenerator());
        await ingestor.SyncFolderAsync(folder, options);
        return await SnapshotAsync(store);
    }

    /// <summary>A synchronous <see cref="IProgress{T}"/> (unlike <see cref="Progress{T}"/>, which posts).</summary>
    public sealed class ProgressLog(Action<IngestionProgress>? onReport = null) : IProgress<IngestionProgress>
    {
        public List<IngestionProgress> Reports { get; } = [];

        public void Report(IngestionProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    /// <summary>Wraps the hashing generator and throws on call number <c>failOnCall</c> (1-based) and after.</summary>
    public sealed class FailingEmbeddingGenerator(int failOnCall) : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly HashingEmbeddingGenerator _inner = new();

        public int Calls { get; private set; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            if (Calls >= failOnCall)
            {
                throw new InvalidOperationException("The embedding model crashed.");
            }

            Assert.Equal(EmbeddingPurpose.Document, options.GetPurpose());
            return _inner.GenerateAsync(values, options, cancellationToken);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => _inner.GetService(serviceType, serviceKey);

        public void Dispose() => _inner.Dispose();
    }

    /// <summary>A reader that never finishes on its own (for the per-file time limit).</summary>
    public sealed class HangingReader : IDocumentReader
    {
        public IReadOnlyCollection<string> Extensions => [".slow"];

        public async Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>A reader stuck in work that ignores its token (like a parser in a quadratic loop) until <see cref="Release"/> is set.</summary>
    public sealed class NonCancellableReader : IDocumentReader, IDisposable
    {
        public ManualResetEventSlim Release { get; } = new();

        public int Calls { get; private set; }

        public IReadOnlyCollection<string> Extensions => [".stuck"];

        public Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
        {
            Calls++;
            Release.Wait(TimeSpan.FromMinutes(2), CancellationToken.None);
            return Task.FromResult(new ExtractedDocument { Blocks = [new DocumentBlock { Text = "late text" }] });
        }

        public void Dispose() => Release.Dispose();
    }
}
