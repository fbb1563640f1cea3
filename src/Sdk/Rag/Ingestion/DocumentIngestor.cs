// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rag.Ingestion;

namespace Rag;

/// <summary>
/// Keeps a <see cref="KnowledgeStore"/> in sync with a folder of documents: new and changed files are read, chunked and embedded,
/// unchanged files are skipped without being read, renamed files keep their embeddings, and vanished files are deleted.
/// </summary>
/// <remarks>
/// <para>Each document is replaced atomically through <see cref="KnowledgeStore.UpsertDocumentAsync"/>; the store is the only state,
/// so an interrupted sync (cancellation, crash, a failing embedding generator) is finished by running it again, with no duplicates.</para>
/// <para>A file that cannot be ingested (empty, binary, corrupt, encrypted, too large, too slow) never stops the sync: it is stored as a
/// <see cref="DocumentStatus.Failed"/> record with the reason, visible through <see cref="KnowledgeStore.GetDocumentsAsync"/>.
/// Failures of the embedding generator or the store do stop the sync, since they are not the file's fault.</para>
/// <para>Reading and chunking of the next files overlaps with embedding, and chunks are embedded in batches that span documents.</para>
/// <para>A store mirrors one folder: documents whose file is no longer in the folder (or no longer included) are deleted, except
/// under a folder that cannot be listed. A sync that would delete most of the index, or everything under a folder that is empty
/// now (an unmounted share), stops with <see cref="MassDeletionException"/> unless <see cref="IngestionOptions.AllowMassDeletion"/> is set.
/// Document identifiers are the '/'-separated paths relative to the folder.</para>
/// <para>One sync at a time per store: this type is not meant for concurrent syncs of the same store.</para>
/// </remarks>
public sealed partial class DocumentIngestor
{
    private static readonly EmbeddingGenerationOptions s_documentPurpose = ((EmbeddingGenerationOptions?)null).WithPurpose(EmbeddingPurpose.Document);

    private readonly KnowledgeStore _store;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddingGenerator;
    private readonly DocumentReaderRegistry _readers;
    private readonly IngestionOptions _defaultOptions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private EmbeddingModelInfo? _model;

    /// <summary>Gets how a folder's entries are listed (<see cref="FolderScanner.ListEntries"/>); tests replace it to make a folder unreadable without permissions, which root ignores.</summary>
    internal Func<DirectoryInfo, IEnumerable<FileSystemInfo>> ListFolderEntries { get; init; } = FolderScanner.ListEntries;

    /// <summary>Initializes a new instance of the <see cref="DocumentIngestor"/> class.</summary>
    /// <param name="store">The knowledge store to keep in sync.</param>
    /// <param name="embeddingGenerator">The embedding generator; its <see cref="ITokenCounter"/> service sizes the chunks.</param>
    /// <param name="readers">The document readers; the built-in ones when <see langword="null"/>.</param>
    /// <param name="options">The default options of a sync; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The time source for timestamps, progress and time limits; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="embeddingGenerator"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (<see cref="IngestionOptions.Validate"/>).</exception>
    public DocumentIngestor(
        KnowledgeStore store,
        IEmbeddingGenerator<string, Embedding<float>> embeddingGenerator,
        DocumentReaderRegistry? readers = null,
        IngestionOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<DocumentIngestor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(embeddingGenerator);
        _store = store;
        _embeddingGenerator = embeddingGenerator;
        _readers = readers ?? new DocumentReaderRegistry();
        _defaultOptions = options ?? new IngestionOptions();
        _defaultOptions.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Brings the store in line with the folder's current content.</summary>
    /// <param name="folder">The folder to ingest; document paths are relative to it.</param>
    /// <param name="options">The options of this sync; the ingestor's defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives progress after each file; optional.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>What the sync did.</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="folder"/> does not exist.</exception>
    /// <exception cref="EmbeddingModelMismatchException">The store was built with another embedding model and
    /// <see cref="IngestionOptions.ReembedOnModelChange"/> is off; use <see cref="ReembedFolderAsync"/>.</exception>
    /// <exception cref="MassDeletionException">The sync would delete most of the index, or every document under a folder that is empty now; nothing was deleted.</exception>
    /// <exception cref="OperationCanceledException">The sync was canceled; documents finished so far stay stored, and the next sync continues.</exception>
    public Task<FolderSyncResult> SyncFolderAsync(string folder, IngestionOptions? options = null, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default) =>
        SyncTracedAsync(folder, options ?? _defaultOptions, progress, reset: false, cancellationToken);

    /// <summary>Wipes the store, binds it to the current embedding model and ingests the folder again: the path after an embedding model change.</summary>
    /// <param name="folder">The folder to ingest.</param>
    /// <param name="options">The options of this sync; the ingestor's defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives progress after each file; optional.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>What the sync did.</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="folder"/> does not exist.</exception>
    /// <exception cref="MassDeletionException">The rebuild would drop documents whose file is not found now in a way the deletion
    /// guard refuses (most of the index, everything under a folder that is empty now, or anything under a folder that cannot be
    /// listed), or any at all with <see cref="IngestionOptions.DeleteMissingDocuments"/> off; nothing was changed.</exception>
    /// <exception cref="OperationCanceledException">The sync was canceled; a later <see cref="SyncFolderAsync"/> finishes the job.</exception>
    public Task<FolderSyncResult> ReembedFolderAsync(string folder, IngestionOptions? options = null, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default) =>
        SyncTracedAsync(folder, options ?? _defaultOptions, progress, reset: true, cancellationToken);

    /// <summary>
    /// Lists what a sync of <paramref name="folder"/> would skip: files of unsupported types (see
    /// <see cref="FolderSyncResult.Unsupported"/>) and symbolic links (see <see cref="FolderSyncResult.SkippedLinks"/>),
    /// without reading or changing the store.
    /// </summary>
    /// <param name="folder">The folder a sync would ingest.</param>
    /// <param name="options">The globs and ignore-file name a sync would use; the ingestor's defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The skipped files and links, by relative path.</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="folder"/> does not exist.</exception>
    public async Task<SkippedFiles> ListSkippedFilesAsync(string folder, IngestionOptions? options = null, CancellationToken cancellationToken = default)
    {
        string root = ExistingFolder(folder);
        options?.Validate();
        FolderScan scan = await Task.Run(() => FolderScanner.Scan(root, options ?? _defaultOptions, _readers, ListFolderEntries, cancellationToken), cancellationToken);
        return new SkippedFiles(scan.UnsupportedFiles, scan.Links);
    }

    /// <summary>The full path of a folder to scan, which must exist.</summary>
    private static string ExistingFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string root = Path.GetFullPath(folder);
        return Directory.Exists(root) ? root : throw new DirectoryNotFoundException($"The folder '{root}' does not exist.");
    }

    private async Task<FolderSyncResult> SyncTracedAsync(string folder, IngestionOptions options, IProgress<IngestionProgress>? progress, bool reset, CancellationToken cancellationToken)
    {
        options.Validate();
        using RagTelemetry.OperationScope scope = RagTelemetry.Start("ingest");
        try
        {
            FolderSyncResult result = await SyncCoreAsync(folder, options, progress, reset, cancellationToken);
            RagTelemetry.RecordIngest(scope, result);
            return result;
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<FolderSyncResult> SyncCoreAsync(string folder, IngestionOptions options, IProgress<IngestionProgress>? progress, bool reset, CancellationToken cancellationToken)
    {
        string root = ExistingFolder(folder);

        long started = _timeProvider.GetTimestamp();
        EmbeddingModelInfo model = await GetModelAsync(cancellationToken);
        bool reembedded = reset;
        if (!reset)
        {
            try
            {
                await _store.InitializeAsync(model, cancellationToken);
            }
            catch (EmbeddingModelMismatchException ex)
            {
                if (!options.ReembedOnModelChange)
                {
                    Log.ModelMismatch(_logger, ex.Message);
                    throw;
                }

                Log.Reembedding(_logger, ex.Stored.ModelId, ex.Requested.ModelId);
                reembedded = true;
            }
        }

        FolderScan scan;
        using (Activity? scanning = RagTelemetry.StartPhase("ingest.scan"))
        {
            scan = await Task.Run(() => FolderScanner.Scan(root, options, _readers, ListFolderEntries, cancellationToken), cancellationToken);
            scanning?.SetTag("rag.files", scan.Files.Count);
        }

        List<SourceFile> files = scan.Files;
        foreach (string folderPath in scan.UnreadableFolders)
        {
            Log.FolderUnreadable(_logger, folderPath);
        }

        foreach (IngestionWarning warning in scan.Warnings)
        {
            Log.IgnoreFileWarning(_logger, warning.Path, warning.Message);
        }

        Dictionary<string, DocumentRecord> stored = (await _store.GetDocumentsAsync(cancellationToken)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        if (reembedded)
        {
            // A rebuild drops every document before the folder is read again, so the documents whose file is not found now
            // would be lost: it passes the same guard as deletions (an unmounted share, a folder that cannot be listed).
            var found = new HashSet<string>(files.Select(f => ToDocumentId(f.RelativePath)), StringComparer.Ordinal);
            List<DocumentRecord> lost = [.. stored.Values.Where(r => !found.Contains(r.Id))];
            if (MassDeletionCheck.ResetRefusal(lost, stored.Count, scan, options) is { } refusal)
            {
                Log.MassDeletionRefused(_logger, root, refusal);
                throw new MassDeletionException(refusal, [.. lost.Select(r => r.Path)]);
            }

            await _store.ResetAsync(model, cancellationToken);
            stored.Clear();
        }

        var onDisk = new HashSet<string>(StringComparer.Ordinal);
        var work = new List<SourceFile>();
        int unchanged = 0;
        foreach (SourceFile file in files)
        {
            string id = ToDocumentId(file.RelativePath);
            onDisk.Add(id);
            if (stored.TryGetValue(id, out DocumentRecord? record))
            {
                file.Existing = record;
                if (SameStamp(record, file) && (record.Status == DocumentStatus.Indexed || !options.RetryFailed))
                {
                    unchanged++;
                    continue;
                }
            }

            work.Add(file);
        }

        Log.SyncStarting(_logger, root, files.Count, work.Count, unchanged);

        // A document under a folder that could not be listed is not known to be gone: it is kept, and never a rename's source.
        List<DocumentRecord> vanished = [.. stored.Values.Where(r => !onDisk.Contains(r.Id))];
        List<DocumentRecord> missing = [.. vanished.Where(r => scan.UnreadableFolders.Any(f => FolderScan.IsUnder(r.Path, f)))];
        vanished.RemoveAll(missing.Contains);

        // Renames: a new path whose content equals a vanished document's keeps that document's chunks and embeddings.
        var renamed = new List<(string From, string To)>();
        if (vanished.Count > 0)
        {
            var candidates = vanished.Where(r => r.Status == DocumentStatus.Indexed && r.ContentHash.Length > 0).ToLookup(r => r.Size);
            foreach (SourceFile file in work.Where(f => f.Existing is null && f.ScanError is null && candidates.Contains(f.Size)).ToList())
            {
                // A file that cannot be read now (it vanished, access was denied) is no rename: it fails alone when read.
                string? hash = await TryHashFileAsync(file, cancellationToken);
                file.ContentHash = hash;
                DocumentRecord? match = hash is null ? null : candidates[file.Size].FirstOrDefault(r => r.ContentHash == hash && vanished.Contains(r));
                if (hash is null || match is null)
                {
                    continue;
                }

                DocumentRecord moved = CreateRecord(file, match.Title, hash, DocumentStatus.Indexed, null, match.ChunkCount, options);
                await _store.RenameDocumentAsync(match.Id, moved, cancellationToken);
                Log.Renamed(_logger, match.Path, file.RelativePath);
                renamed.Add((match.Path, file.RelativePath));
                vanished.Remove(match);
                work.Remove(file);
            }
        }

        if (!options.DeleteMissingDocuments)
        {
            missing.AddRange(vanished);
            vanished.Clear();
        }
        else if (!options.AllowMassDeletion && MassDeletionCheck.Refusal(vanished, stored.Count, scan) is { } refusal)
        {
            Log.MassDeletionRefused(_logger, root, refusal);
            throw new MassDeletionException(refusal + " Sync with IngestionOptions.AllowMassDeletion if the files are really gone.", [.. vanished.Select(r => r.Path)]);
        }

        var deleted = new List<string>();
        foreach (DocumentRecord gone in vanished)
        {
            await _store.DeleteDocumentAsync(gone.Id, cancellationToken);
            Log.Deleted(_logger, gone.Path);
            deleted.Add(gone.Path);
        }

        var run = new SyncRun(this, options, work, progress, started);
        await run.ExecuteAsync(cancellationToken);

        var result = new FolderSyncResult
        {
            Added = run.Added,
            Changed = run.Changed,
            Unchanged = unchanged + run.Touched,
            Renamed = renamed,
            Deleted = deleted,
            Missing = [.. missing.Select(r => r.Path)],
            UnreadableFolders = scan.UnreadableFolders,
            Unsupported = scan.UnsupportedFiles,
            SkippedLinks = scan.Links,
            Failed = run.Failed,
            Warnings = [.. scan.Warnings, .. run.Warnings],
            ChunksEmbedded = run.ChunksDone,
            BytesRead = run.BytesDone,
            Reembedded = reembedded,
            Elapsed = _timeProvider.GetElapsedTime(started),
            EmbeddingTime = run.EmbeddingTime,
        };
        Log.SyncCompleted(_logger, root, result.Elapsed, result.Added.Count, result.Changed.Count, renamed.Count, deleted.Count, result.Failed.Count, result.Unchanged, result.ChunksEmbedded);
        return result;
    }

    /// <summary>Gets the document identifier of a relative path: the normalised '/'-separated path itself.</summary>
    private static string ToDocumentId(string relativePath) => relativePath;

    private static bool SameStamp(DocumentRecord record, SourceFile file) =>
        record.Size == file.Size && record.LastModified.ToUnixTimeMilliseconds() == file.LastModified.ToUnixTimeMilliseconds();

    private static async Task<string?> TryHashFileAsync(SourceFile file, CancellationToken cancellationToken)
    {
        try
        {
            await using FileStream stream = file.OpenRead();
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private DocumentRecord CreateRecord(SourceFile file, string? title, string contentHash, DocumentStatus status, string? error, int chunkCount, IngestionOptions options) => new()
    {
        Id = ToDocumentId(file.RelativePath),
        Path = file.RelativePath,
        Title = title,
        FileType = Path.GetExtension(file.RelativePath).TrimStart('.').ToLowerInvariant(),
        Size = file.Size,
        LastModified = file.LastModified,
        ContentHash = contentHash,
        Status = status,
        Error = error,
        ChunkCount = chunkCount,
        IndexedAt = _timeProvider.GetUtcNow(),
        Tags = [.. options.Tags],
    };

    private async Task<EmbeddingModelInfo> GetModelAsync(CancellationToken cancellationToken) =>
        _model ??= await EmbeddingModelIdentity.ResolveAsync(_embeddingGenerator, knownDimensions: null, cancellationToken);

    private DocumentChunker CreateChunker(IngestionOptions options)
    {
        ITokenCounter? counter = _embeddingGenerator.GetService<ITokenCounter>();
        if (counter is null)
        {
            Log.NoTokenCounter(_logger);
            counter = new ApproximateTokenCounter();
        }

        return new DocumentChunker(counter, options.Chunking);
    }
}
