// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Rag.Samples.Indexing;

namespace Rag.WebApi.Ingestion;

/// <summary>
/// Runs folder syncs one at a time in the background. Requests arriving while a sync is pending coalesce into it,
/// so a burst of uploads costs one extra sync, not one each. Each sync holds the index's write lock, the one the CLI's
/// <c>index</c> takes: while another process holds it the sync waits (<see cref="IngestionStatus.WaitingFor"/> names the
/// holder) instead of writing alongside it, and searches and questions keep answering from the index as it is.
/// </summary>
internal sealed partial class IngestionQueue(
    DocumentIngestor ingestor,
    IOptions<KnowledgeServiceOptions> options,
    TimeProvider timeProvider,
    ILogger<IngestionQueue> logger) : BackgroundService
{
    private static readonly TimeSpan s_lockPollInterval = TimeSpan.FromMilliseconds(500);

    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _lock = new();
    private IngestionStatus _status = new(false, 0, null, null, null, null);

    /// <summary>Gets a snapshot of the queue's state.</summary>
    public IngestionStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status with { Pending = _requests.Reader.Count };
            }
        }
    }

    /// <summary>Asks for a sync of the documents folder; returns at once.</summary>
    public void Enqueue() => _requests.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(options.Value.DocumentsFolder); // a first start has nothing to sync, not a missing folder
        Enqueue(); // bring the index up to date with the folder at start-up
        while (await _requests.Reader.WaitToReadAsync(stoppingToken))
        {
            // Take the request and mark the sync running in one step, so Status never shows "idle" in between.
            lock (_lock)
            {
                if (!_requests.Reader.TryRead(out _))
                {
                    continue;
                }

                _status = _status with { IsRunning = true };
            }

            try
            {
                using IndexWriteLock writeLock = await IndexWriteLock.AcquireAsync(options.Value.IndexPath, timeProvider, s_lockPollInterval, WaitingFor, stoppingToken);
                Update(s => s with { WaitingFor = null });
                FolderSyncResult result = await ingestor.SyncFolderAsync(options.Value.DocumentsFolder, progress: new StatusProgress(this, writeLock), cancellationToken: stoppingToken);
                Update(s => s with { IsRunning = false, Progress = null, LastResult = IngestionSummary.From(result), LastError = null, LastCompletedAt = timeProvider.GetUtcNow() });
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogSyncFailed(logger, ex);
                Update(s => s with { IsRunning = false, WaitingFor = null, Progress = null, LastError = ex.Message, LastCompletedAt = timeProvider.GetUtcNow() });
            }
        }
    }

    private void WaitingFor(IndexLockHolder? holder)
    {
        string who = IndexLockHolder.Describe(holder);
        LogWaitingForLock(logger, who);
        Update(s => s with { WaitingFor = who });
    }

    private void Update(Func<IngestionStatus, IngestionStatus> change)
    {
        lock (_lock)
        {
            _status = change(_status);
        }
    }

    /// <summary>Hands each report to the write lock (files left, for other processes) and to <see cref="Status"/> (files and pages, for <c>GET /api/ingestion</c>).</summary>
    private sealed class StatusProgress(IngestionQueue queue, IProgress<IngestionProgress> writeLock) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value)
        {
            writeLock.Report(value);
            string text = string.Create(CultureInfo.InvariantCulture, $"{value.FilesDone}/{value.FilesTotal} files · {ReadingProgressText.Describe(value)}").TrimEnd(' ', '·');
            queue.Update(s => s with { Progress = text });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The index is being written by {Holder}; the folder sync waits for it.")]
    private static partial void LogWaitingForLock(ILogger logger, string holder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Folder sync failed.")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
