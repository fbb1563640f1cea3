// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace Rag.Connectors.Sqlite.Storage;

/// <summary>The connector's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Opened SQLite database '{Path}' (schema version {Version}).")]
    public static partial void DatabaseOpened(ILogger logger, string path, int version);

    [LoggerMessage(2, LogLevel.Information, "Migrated SQLite database '{Path}' from schema version {From} to {To}.")]
    public static partial void DatabaseMigrated(ILogger logger, string path, int from, int to);

    [LoggerMessage(3, LogLevel.Debug, "Loaded {Count} vectors of table '{Table}' into memory in {Elapsed}.")]
    public static partial void VectorsLoaded(ILogger logger, int count, string table, TimeSpan elapsed);

    [LoggerMessage(4, LogLevel.Warning, "SQLite database '{Path}' failed during {Operation}.")]
    public static partial void OperationFailed(ILogger logger, Exception exception, string path, string operation);

    [LoggerMessage(5, LogLevel.Information, "SQLite database '{Path}' has no -shm file and none can be created (read-only media or folder, full disk); opened read-only as immutable.")]
    public static partial void OpenedImmutable(ILogger logger, string path);

    [LoggerMessage(6, LogLevel.Information, "Re-analysed the keyword index of SQLite database '{Path}' ({Count} chunks, analysis {Analysis}) in {Elapsed}.")]
    public static partial void KeywordIndexRebuilt(ILogger logger, string path, int count, string analysis, TimeSpan elapsed);
}
