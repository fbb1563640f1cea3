// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Rag.Benchmarks.SciFact;
using Rag.Connectors.Sqlite;

namespace Rag.Benchmarks.Retrieval;

/// <summary>
/// A corpus written as one file per document and ingested the way an application ingests a folder
/// (<see cref="DocumentIngestor"/>: the default chunking and the SQLite store) with one embedding model, so it measures
/// the shipped pipeline; queries rank chunks, and each document's best chunk ranks the document.
/// </summary>
internal sealed class FolderPipelineIndex : StoreRetrievalIndex
{
    private readonly IReadOnlyDictionary<string, string> _idByFileName;

    private FolderPipelineIndex(string modelName, IEmbeddingGenerator<string, Embedding<float>> generator, KnowledgeStore store, IReadOnlyDictionary<string, string> idByFileName)
        : base(modelName, generator, store)
    {
        _idByFileName = idByFileName;
    }

    /// <summary>
    /// Writes <paramref name="documents"/> (document id, file name, text) to <c>{cacheFolder}/{corpusName}/documents</c> and
    /// syncs that folder into the model's store beside it (only changes are embedded again), opened with <paramref name="options"/>
    /// (defaults when <see langword="null"/>).
    /// </summary>
    public static async Task<FolderPipelineIndex> BuildAsync(
        string model, string corpusName, IReadOnlyList<(string Id, string FileName, string Text)> documents, string cacheFolder, BenchmarkReport report, CancellationToken cancellationToken,
        SqliteStoreOptions? options = null)
    {
        string folder = Path.Combine(cacheFolder, corpusName, "documents");
        var idByFileName = WriteDocuments(documents, folder);
        IEmbeddingGenerator<string, Embedding<float>> generator = SciFactIndex.CreateGenerator(model);
        KnowledgeStore store = SqliteKnowledgeStore.Open(Path.Combine(cacheFolder, corpusName, $"{model}.db"), options);
        var stopwatch = Stopwatch.StartNew();
        FolderSyncResult sync = await new DocumentIngestor(store, generator).SyncFolderAsync(folder, cancellationToken: cancellationToken);
        if (sync.Failed.Count > 0)
        {
            throw new InvalidOperationException($"{sync.Failed.Count} {corpusName} files failed to ingest, first: {sync.Failed[0]}");
        }

        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"{model}: synced {idByFileName.Count} documents ({sync.ChunksEmbedded} chunks embedded, {sync.Unchanged} unchanged) in {stopwatch.Elapsed.TotalSeconds:0.0} s"));
        return new FolderPipelineIndex(model, generator, store, idByFileName);
    }

    protected override string DocumentIdOf(ChunkSearchResult result) => _idByFileName[Path.GetFileName(result.Chunk.Path)];

    private static Dictionary<string, string> WriteDocuments(IReadOnlyList<(string Id, string FileName, string Text)> documents, string folder)
    {
        Directory.CreateDirectory(folder);
        var idByFileName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string id, string fileName, string text) in documents)
        {
            idByFileName.Add(fileName, id);
            string path = Path.Combine(folder, fileName);
            if (!File.Exists(path) || File.ReadAllText(path) != text)
            {
                File.WriteAllText(path, text); // unchanged files keep their timestamps, so a re-run embeds nothing again
            }
        }

        foreach (string stale in Directory.EnumerateFiles(folder).Where(f => !idByFileName.ContainsKey(Path.GetFileName(f))))
        {
            File.Delete(stale);
        }

        return idByFileName;
    }
}
