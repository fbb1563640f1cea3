// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace Rag;

/// <content>Log messages (source-generated).</content>
public sealed partial class DocumentIngestor
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Syncing '{Folder}': {FileCount} files found, {WorkCount} to process, {Unchanged} unchanged.")]
        public static partial void SyncStarting(ILogger logger, string folder, int fileCount, int workCount, int unchanged);

        [LoggerMessage(2, LogLevel.Warning, "Could not ingest '{Path}': {Reason}")]
        public static partial void FileFailed(ILogger logger, string path, string reason);

        [LoggerMessage(3, LogLevel.Error, "The embedding model changed: {Message} Set IngestionOptions.ReembedOnModelChange or call ReembedFolderAsync to re-embed.")]
        public static partial void ModelMismatch(ILogger logger, string message);

        [LoggerMessage(4, LogLevel.Warning, "The embedding model changed from '{Stored}' to '{Requested}': wiping the store and re-embedding every document.")]
        public static partial void Reembedding(ILogger logger, string stored, string requested);

        [LoggerMessage(5, LogLevel.Information, "Synced '{Folder}' in {Elapsed}: {Added} added, {Changed} changed, {Renamed} renamed, {Deleted} deleted, {Failed} failed, {Unchanged} unchanged, {Chunks} chunks embedded.")]
        public static partial void SyncCompleted(ILogger logger, string folder, TimeSpan elapsed, int added, int changed, int renamed, int deleted, int failed, int unchanged, int chunks);

        [LoggerMessage(6, LogLevel.Warning, "The embedding generator exposes no ITokenCounter; chunks are sized with an estimate of 4 characters per token.")]
        public static partial void NoTokenCounter(ILogger logger);

        [LoggerMessage(7, LogLevel.Debug, "Renamed '{From}' to '{To}' (same content, not re-embedded).")]
        public static partial void Renamed(ILogger logger, string from, string to);

        [LoggerMessage(8, LogLevel.Debug, "Deleted '{Path}' (file gone or excluded).")]
        public static partial void Deleted(ILogger logger, string path);

        [LoggerMessage(9, LogLevel.Error, "Sync of '{Folder}' stopped: {Reason}")]
        public static partial void MassDeletionRefused(ILogger logger, string folder, string reason);

        [LoggerMessage(10, LogLevel.Warning, "Could not list the folder '{Path}': its documents are kept, not deleted.")]
        public static partial void FolderUnreadable(ILogger logger, string path);

        [LoggerMessage(11, LogLevel.Warning, "Ingested '{Path}' after a repair: {Warning}")]
        public static partial void FileRepaired(ILogger logger, string path, string warning);

        [LoggerMessage(12, LogLevel.Warning, "Ignore file '{Path}': {Warning}")]
        public static partial void IgnoreFileWarning(ILogger logger, string path, string warning);
    }
}
