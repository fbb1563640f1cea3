// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Microsoft.Extensions.VectorData;
using Rag.Cli.Configuration;
using Rag.Samples.Indexing;
using Spectre.Console;

namespace Rag.Cli.Commands;

/// <summary>
/// Opens the session a query answers from. A query is a reader: with <c>--no-sync</c>, or while another process indexes,
/// or when the index cannot be written (full disk, read-only mount), it opens the index read-only and answers from it as it
/// is. Otherwise it first brings the index up to date with its folder (cheap when nothing changed) under the index's write
/// lock, which also indexes a folder on its first query.
/// A query never deletes: documents whose file is not found are kept (an unmounted share must not empty the index) until
/// 'index' removes them.
/// </summary>
internal static class IndexFreshness
{
    public static async Task<RagSession> OpenAsync(CliConfiguration configuration, QuerySettings settings, bool useChatModel, CancellationToken cancellationToken)
    {
        bool indexExists = File.Exists(configuration.IndexPath);
        if (settings.NoSync || configuration.Folder is null)
        {
            return indexExists
                ? await RagSession.OpenAsync(configuration, useChatModel, readOnly: true, cancellationToken)
                : throw new CliException($"No index at '{configuration.IndexPath}'. Run 'index <folder>' first.", ExitCodes.NotFound);
        }

        IndexWriteLock? writeLock;
        IndexLockHolder? holder;
        try
        {
            writeLock = IndexWriteLock.TryAcquire(configuration.IndexPath, TimeProvider.System, out holder);
        }
        catch (Exception ex) when (indexExists && ex is IOException or UnauthorizedAccessException)
        {
            return await OpenAsIsAsync(configuration, useChatModel, $"The index cannot be updated ({ex.Message}); answering from it as it is.", cancellationToken);
        }

        if (writeLock is null)
        {
            string who = IndexLockHolder.Describe(holder);
            return indexExists
                ? await OpenAsIsAsync(configuration, useChatModel, $"The index is being updated by {who}; answering from it as it is{Behind(holder)}", cancellationToken)
                : throw new CliException($"'{configuration.Folder}' is being indexed for the first time by {who}; ask again when it is done.", ExitCodes.IndexUnavailable);
        }

        using (writeLock)
        {
            RagSession session = await RagSession.OpenAsync(configuration, useChatModel, readOnly: false, cancellationToken);
            try
            {
                FolderSyncResult result = await FolderIndexer.SyncAsync(session, settings.Json, reembed: false, new IngestionOptions { DeleteMissingDocuments = false }, writeLock, cancellationToken);
                ReportChanges(result, settings.Json);
                return session;
            }
            catch (Exception ex) when (indexExists && ex is VectorStoreException or IOException or UnauthorizedAccessException)
            {
                await session.DisposeAsync();
                return await OpenAsIsAsync(configuration, useChatModel, $"The index could not be updated ({ex.Message}); answering from it as it is.", cancellationToken);
            }
            catch
            {
                await session.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Opens the index read-only, after a one-line note on standard error (standard output stays the answer).</summary>
    private static Task<RagSession> OpenAsIsAsync(CliConfiguration configuration, bool useChatModel, string note, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine(note);
        return RagSession.OpenAsync(configuration, useChatModel, readOnly: true, cancellationToken);
    }

    /// <summary>Ends the note with how far behind the index is, when the writer has recorded it.</summary>
    private static string Behind(IndexLockHolder? holder) => holder?.FilesLeft switch
    {
        1 => ": 1 file is not indexed yet.",
        > 1 and int filesLeft => string.Create(CultureInfo.InvariantCulture, $": {filesLeft} files are not indexed yet."),
        _ => ".",
    };

    private static void ReportChanges(FolderSyncResult result, bool json)
    {
        int changes = result.Added.Count + result.Changed.Count + result.Renamed.Count;
        if (json)
        {
            return;
        }

        if (changes > 0)
        {
            AnsiConsole.MarkupLine(
                $"[grey]Index updated: {result.Added.Count} added, {result.Changed.Count} changed, {result.Renamed.Count} renamed{(result.Failed.Count > 0 ? $", {result.Failed.Count} failed (see 'status')" : string.Empty)}.[/]");
        }

        FolderIndexer.RenderNoIndexableFiles(result);
        FolderIndexer.RenderKept(result);
    }
}
