// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text.Json;

namespace Rag.Samples.Indexing;

/// <summary>
/// One sync at a time per index, across processes: an advisory lock file beside the index (<c>index.db.lock</c>), and a
/// record of its holder (<c>index.db.lock.json</c>: process id and start time) so a second writer can say who is indexing
/// and since when, and (as its sync reports progress) how many files it still has to index.
/// </summary>
/// <remarks>
/// The exclusion is the operating system's: the holder keeps the lock file open unshared (<c>flock</c> on Unix, a share
/// mode on Windows), and the system drops that when the holder exits, however it exits. A lock left by a killed process is
/// therefore stale by construction (its process is gone and the file is no longer held) and the next writer simply takes
/// it. Neither file is ever deleted, which would let two processes hold two different files of the same name.
/// </remarks>
internal sealed class IndexWriteLock : IProgress<IngestionProgress>, IDisposable
{
    private const int ReadAttempts = 20;
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromMilliseconds(25);

    private readonly FileStream _lock;
    private readonly string _recordPath;
    private readonly Lock _recordLock = new();
    private IndexLockHolder _record;

    private IndexWriteLock(FileStream file, string recordPath, IndexLockHolder record)
    {
        _lock = file;
        _recordPath = recordPath;
        _record = record;
    }

    /// <summary>Gets the lock file of an index: its path with <c>.lock</c> appended.</summary>
    public static string PathFor(string indexPath) => indexPath + ".lock";

    /// <summary>Takes the lock, or returns <see langword="null"/> with the current holder when another process has it.</summary>
    /// <exception cref="IOException">The lock file cannot be created or written (read-only folder, full disk).</exception>
    /// <exception cref="UnauthorizedAccessException">The lock file or its folder may not be written by this user.</exception>
    public static IndexWriteLock? TryAcquire(string indexPath, TimeProvider timeProvider, out IndexLockHolder? holder)
    {
        string path = PathFor(indexPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (ReadHolder(RecordPathFor(path)) is { } current)
        {
            // Held: a live process has recorded itself. Without a live record the failure is the file system's and propagates.
            holder = current;
            return null;
        }

        try
        {
            var record = new IndexLockHolder(Environment.ProcessId, timeProvider.GetUtcNow());
            WriteRecord(RecordPathFor(path), record);
            holder = null;
            return new IndexWriteLock(file, RecordPathFor(path), record);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the lock is free and takes it; <paramref name="waiting"/> hears once who holds it meanwhile.</summary>
    public static async Task<IndexWriteLock> AcquireAsync(string indexPath, TimeProvider timeProvider, TimeSpan pollInterval, Action<IndexLockHolder?> waiting, CancellationToken cancellationToken)
    {
        bool told = false;
        while (true)
        {
            if (TryAcquire(indexPath, timeProvider, out IndexLockHolder? holder) is { } acquired)
            {
                return acquired;
            }

            if (!told)
            {
                waiting(holder);
                told = true;
            }

            await Task.Delay(pollInterval, timeProvider, cancellationToken);
        }
    }

    /// <summary>
    /// Records how many files the holder's sync still has to index, so readers can say how far behind the index is. Best
    /// effort: a record that cannot be rewritten (full disk) only leaves the previous count, the sync goes on.
    /// </summary>
    public void Report(IngestionProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int filesLeft = value.FilesTotal - value.FilesDone;
        lock (_recordLock)
        {
            if (_record.FilesLeft == filesLeft)
            {
                return;
            }

            _record = _record with { FilesLeft = filesLeft };
            try
            {
                WriteRecord(_recordPath, _record);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The count is a courtesy to readers; the lock itself is unaffected.
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();

    private static string RecordPathFor(string lockPath) => lockPath + ".json";

    private static void WriteRecord(string recordPath, IndexLockHolder record) => File.WriteAllText(recordPath, JsonSerializer.Serialize(record));

    /// <summary>
    /// Reads the holder record. A new holder writes it right after locking, so a missing record or one naming a process that
    /// is gone (the previous holder's) is read again for a moment before it counts as absent.
    /// </summary>
    private static IndexLockHolder? ReadHolder(string recordPath)
    {
        for (int attempt = 0; attempt < ReadAttempts; attempt++)
        {
            if (TryReadRecord(recordPath) is { } record && record.IsRunning())
            {
                return record;
            }

            Thread.Sleep(s_retryDelay);
        }

        return null;
    }

    private static IndexLockHolder? TryReadRecord(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return stream.Length == 0 ? null : JsonSerializer.Deserialize<IndexLockHolder>(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
