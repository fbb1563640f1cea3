// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Rag.Ingestion;

namespace Rag;

/// <content>The processing pipeline of one sync: a reader task prepares files while the caller's flow embeds and stores them.</content>
public sealed partial class DocumentIngestor
{
    private sealed class SyncRun(DocumentIngestor owner, IngestionOptions options, List<SourceFile> work, IProgress<IngestionProgress>? progress, long started)
    {
        private readonly DocumentChunker _chunker = owner.CreateChunker(options);
        private readonly long _bytesTotal = work.Sum(f => f.Size);
        private readonly Queue<PreparedDocument> _pending = new();
        private readonly Lock _reportLock = new();
        private int _filesDone;
        private int _unembedded;

        public List<string> Added { get; } = [];

        public List<string> Changed { get; } = [];

        public List<IngestionFailure> Failed { get; } = [];

        public List<IngestionWarning> Warnings { get; } = [];

        public int Touched { get; private set; }

        public int ChunksDone { get; private set; }

        public long BytesDone { get; private set; }

        public TimeSpan EmbeddingTime { get; private set; }

        public async Task ExecuteAsync(CancellationToken cancellationToken)
        {
            if (work.Count == 0)
            {
                return;
            }

            Report(currentFile: null, reading: null);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Channel<PreparedDocument> channel = Channel.CreateBounded<PreparedDocument>(new BoundedChannelOptions(options.ReadAhead) { SingleReader = true, SingleWriter = true });
            Task producer = Task.Run(() => ProduceAsync(channel.Writer, stop.Token), stop.Token);
            try
            {
                await foreach (PreparedDocument document in channel.Reader.ReadAllAsync(cancellationToken))
                {
                    await ConsumeAsync(document, cancellationToken);
                }

                await FlushAsync(force: true, cancellationToken);
                await producer;
            }
            finally
            {
                await stop.CancelAsync();
                try
                {
                    await producer;
                }
                catch (OperationCanceledException)
                {
                    // The producer stops when the consumer does.
                }
            }
        }

        private async Task ProduceAsync(ChannelWriter<PreparedDocument> writer, CancellationToken cancellationToken)
        {
            try
            {
                foreach (SourceFile file in work)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    PreparedDocument prepared = await PrepareAsync(file, cancellationToken);
                    await writer.WriteAsync(prepared, cancellationToken);
                }

                writer.Complete();
            }
            catch (Exception ex)
            {
                writer.Complete(ex);
                throw;
            }
        }

        private async Task<PreparedDocument> PrepareAsync(SourceFile file, CancellationToken cancellationToken)
        {
            if (file.ScanError is { } scanError)
            {
                return Fail(file, scanError);
            }

            if (file.Size == 0)
            {
                return Fail(file, "The file is empty.");
            }

            if (file.Size > options.MaxFileSizeBytes)
            {
                return Fail(file, string.Create(CultureInfo.InvariantCulture, $"The file is {file.Size:N0} bytes, over the {options.MaxFileSizeBytes:N0}-byte limit (IngestionOptions.MaxFileSizeBytes)."));
            }

            if (!(file.ReadAsText ? owner._readers.TryGetPlainTextReader(out IDocumentReader? reader) : owner._readers.TryGetReader(file.RelativePath, out reader)))
            {
                return Fail(file, "No reader is registered for this file type.");
            }

            var budget = new FileReadBudget(options, owner._timeProvider, pages => Report(file.RelativePath, pages));
            var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);

            // Readers run third-party parsers that cannot all be interrupted (a parse in progress ignores the token), so the work
            // runs apart and is abandoned at the limit: the sync goes on at once, and the abandoned work ends on its own.
            Task<PreparedDocument> reading = Task.Run(() => ReadAndChunkAsync(file, reader, budget, linked.Token), CancellationToken.None);
            try
            {
                return await reading.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (budget.IsExceeded && !cancellationToken.IsCancellationRequested)
            {
                return Fail(file, budget.DescribeExceeded(Path.GetFileName(file.FullPath)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Fail(file, Describe(ex));
            }
            finally
            {
                // The token sources live until the work ends, abandoned or not; its late outcome is observed and dropped.
                _ = reading.ContinueWith(
                    static (task, state) =>
                    {
                        _ = task.Exception;
                        foreach (IDisposable source in (IDisposable[])state!)
                        {
                            source.Dispose();
                        }
                    },
                    new IDisposable[] { linked, budget },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }

        private async Task<PreparedDocument> ReadAndChunkAsync(SourceFile file, IDocumentReader reader, IProgress<DocumentReadProgress> pages, CancellationToken cancellationToken)
        {
            ExtractedDocument document;
            using (Activity? read = RagTelemetry.StartPhase("ingest.read"))
            {
                read?.SetTag("rag.document.bytes", file.Size);
                byte[] bytes = await file.ReadAllBytesAsync(cancellationToken);
                file.ContentHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (file.Existing is { Status: DocumentStatus.Indexed } existing && existing.ContentHash == file.ContentHash)
                {
                    return new PreparedDocument(file) { Title = existing.Title, Touched = true };
                }

                using var stream = new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
                document = TypographicText.Normalize(await reader.ReadWithProgressAsync(stream, Path.GetFileName(file.FullPath), pages, cancellationToken));
            }

            if (document.Blocks.Count > options.MaxBlocksPerDocument)
            {
                return Fail(file, string.Create(CultureInfo.InvariantCulture, $"'{Path.GetFileName(file.FullPath)}' was read into {document.Blocks.Count:N0} blocks, over the {options.MaxBlocksPerDocument:N0}-block limit (IngestionOptions.MaxBlocksPerDocument)."));
            }

            IReadOnlyList<DocumentChunk> chunks;
            using (Activity? chunk = RagTelemetry.StartPhase("ingest.chunk"))
            {
                chunks = _chunker.Chunk(document, ToDocumentId(file.RelativePath), file.RelativePath, [.. options.Tags], cancellationToken);
                chunk?.SetTag("rag.chunks", chunks.Count);
            }

            if (chunks.Count == 0)
            {
                return Fail(file, "No text could be extracted (an image-only or scanned document needs OCR).");
            }

            if (chunks.Count > options.MaxChunksPerDocument)
            {
                return Fail(file, string.Create(CultureInfo.InvariantCulture, $"'{Path.GetFileName(file.FullPath)}' was split into {chunks.Count:N0} chunks, over the {options.MaxChunksPerDocument:N0}-chunk limit (IngestionOptions.MaxChunksPerDocument); nothing of it was embedded."));
            }

            return new PreparedDocument(file) { Title = document.Title, Chunks = chunks, Embedded = new DocumentChunk[chunks.Count], Warnings = document.Warnings };
        }

        private static string Describe(Exception ex) => ex switch
        {
            InvalidDataException => ex.Message,
            OutOfMemoryException => "The file is too large to process in memory.",
            UnauthorizedAccessException or IOException => $"The file could not be read: {ex.Message}",
            _ => $"The file could not be read ({ex.GetType().Name}): {ex.Message}",
        };

        private static PreparedDocument Fail(SourceFile file, string reason) => new(file) { Error = reason };

        private async Task ConsumeAsync(PreparedDocument document, CancellationToken cancellationToken)
        {
            if (document.Error is not null || document.Touched)
            {
                // Keep store order equal to file order: earlier documents waiting for embeddings go first.
                await FlushAsync(force: true, cancellationToken);
                await FinishAsync(document, cancellationToken);
                return;
            }

            _pending.Enqueue(document);
            _unembedded += document.Chunks.Count;
            await FlushAsync(force: false, cancellationToken);
        }

        /// <summary>Embeds full batches (all remaining chunks when <paramref name="force"/>) and stores every document whose chunks are all embedded.</summary>
        private async Task FlushAsync(bool force, CancellationToken cancellationToken)
        {
            while (_unembedded >= options.EmbeddingBatchSize || (force && _unembedded > 0))
            {
                var batch = new List<(PreparedDocument Document, int Index)>(options.EmbeddingBatchSize);
                foreach (PreparedDocument document in _pending)
                {
                    for (int i = document.EmbeddedCount; i < document.Chunks.Count && batch.Count < options.EmbeddingBatchSize; i++)
                    {
                        batch.Add((document, i));
                    }

                    if (batch.Count == options.EmbeddingBatchSize)
                    {
                        break;
                    }
                }

                long start = owner._timeProvider.GetTimestamp();
                GeneratedEmbeddings<Embedding<float>> embeddings;
                using (Activity? embed = RagTelemetry.StartModelCall("ingest.embed", "embeddings", owner._model?.ModelId))
                {
                    embed?.SetTag("rag.batch.size", batch.Count);
                    embeddings = await owner._embeddingGenerator.GenerateAsync(batch.Select(b => b.Document.Chunks[b.Index].Text), s_documentPurpose, cancellationToken);
                }

                EmbeddingTime += owner._timeProvider.GetElapsedTime(start);
                if (embeddings.Count != batch.Count)
                {
                    throw new InvalidOperationException($"The embedding generator returned {embeddings.Count} embeddings for {batch.Count} inputs.");
                }

                for (int i = 0; i < batch.Count; i++)
                {
                    (PreparedDocument document, int index) = batch[i];
                    document.Embedded[index] = WithEmbedding(document.Chunks[index], embeddings[i].Vector);
                    document.EmbeddedCount = index + 1;
                }

                _unembedded -= batch.Count;
                PreparedDocument embedding = batch[^1].Document;
                if (embedding.Chunks.Count > options.EmbeddingBatchSize && embedding.EmbeddedCount < embedding.Chunks.Count)
                {
                    Report(embedding.File.RelativePath, reading: null, new DocumentEmbeddingProgress { Chunks = embedding.Chunks.Count, ChunksEmbedded = embedding.EmbeddedCount });
                }

                while (_pending.TryPeek(out PreparedDocument? done) && done.EmbeddedCount == done.Chunks.Count)
                {
                    _pending.Dequeue();
                    await FinishAsync(done, cancellationToken);
                }
            }
        }

        private async Task FinishAsync(PreparedDocument document, CancellationToken cancellationToken)
        {
            using (RagTelemetry.StartPhase("ingest.store"))
            {
                await StoreAsync(document, cancellationToken);
            }

            _filesDone++;
            BytesDone += document.File.Size;
            Report(document.File.RelativePath, reading: null);
        }

        private async Task StoreAsync(PreparedDocument document, CancellationToken cancellationToken)
        {
            SourceFile file = document.File;
            if (document.Error is not null)
            {
                Log.FileFailed(owner._logger, file.RelativePath, document.Error);
                DocumentRecord failed = owner.CreateRecord(file, document.Title, file.ContentHash ?? string.Empty, DocumentStatus.Failed, document.Error, 0, options);
                await owner._store.UpsertDocumentAsync(failed, [], cancellationToken);
                Failed.Add(new IngestionFailure(file.RelativePath, document.Error));
            }
            else if (document.Touched)
            {
                // Same content, new timestamp: refresh the record and keep chunks and embeddings.
                DocumentRecord existing = file.Existing!;
                DocumentRecord refreshed = owner.CreateRecord(file, existing.Title, file.ContentHash!, DocumentStatus.Indexed, null, existing.ChunkCount, options);
                await owner._store.RenameDocumentAsync(existing.Id, refreshed, cancellationToken);
                Touched++;
            }
            else
            {
                DocumentRecord record = owner.CreateRecord(file, document.Title, file.ContentHash!, DocumentStatus.Indexed, null, document.Chunks.Count, options);
                await owner._store.UpsertDocumentAsync(record, document.Embedded, cancellationToken);
                ChunksDone += document.Chunks.Count;
                (file.Existing is null ? Added : Changed).Add(file.RelativePath);
                foreach (string warning in document.Warnings)
                {
                    Log.FileRepaired(owner._logger, file.RelativePath, warning);
                    Warnings.Add(new IngestionWarning(file.RelativePath, warning));
                }
            }
        }

        /// <summary>Reports the sync's progress; called by the flow that stores and by the reader of the file being read, one at a time.</summary>
        private void Report(string? currentFile, DocumentReadProgress? reading, DocumentEmbeddingProgress? embedding = null)
        {
            if (progress is null)
            {
                return;
            }

            lock (_reportLock)
            {
                progress.Report(Snapshot(currentFile, reading, embedding));
            }
        }

        private IngestionProgress Snapshot(string? currentFile, DocumentReadProgress? reading, DocumentEmbeddingProgress? embedding)
        {
            TimeSpan elapsed = owner._timeProvider.GetElapsedTime(started);
            double seconds = Math.Max(elapsed.TotalSeconds, 1e-6);
            TimeSpan? remaining = BytesDone > 0 && _bytesTotal > BytesDone
                ? TimeSpan.FromSeconds(seconds * (_bytesTotal - BytesDone) / BytesDone)
                : BytesDone >= _bytesTotal && _filesDone == work.Count ? TimeSpan.Zero : null;
            return new IngestionProgress
            {
                FilesTotal = work.Count,
                FilesDone = _filesDone,
                ChunksDone = ChunksDone,
                BytesTotal = _bytesTotal,
                BytesDone = BytesDone,
                Elapsed = elapsed,
                BytesPerSecond = BytesDone / seconds,
                FilesPerSecond = _filesDone / seconds,
                EstimatedRemaining = remaining,
                CurrentFile = currentFile,
                Reading = reading,
                Embedding = embedding,
            };
        }

        private static DocumentChunk WithEmbedding(DocumentChunk chunk, ReadOnlyMemory<float> embedding) => new()
        {
            DocumentId = chunk.DocumentId,
            Index = chunk.Index,
            Text = chunk.Text,
            Path = chunk.Path,
            Title = chunk.Title,
            HeadingPath = chunk.HeadingPath,
            PageNumber = chunk.PageNumber,
            OcrConfidence = chunk.OcrConfidence,
            StartLine = chunk.StartLine,
            EndLine = chunk.EndLine,
            StartOffset = chunk.StartOffset,
            EndOffset = chunk.EndOffset,
            ContentHash = chunk.ContentHash,
            FileType = chunk.FileType,
            Tags = chunk.Tags,
            Embedding = embedding,
        };
    }
}
