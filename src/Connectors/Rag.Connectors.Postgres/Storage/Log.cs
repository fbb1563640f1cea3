// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Logging;

namespace Rag.Connectors.Postgres.Storage;

/// <summary>The connector's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Opened PostgreSQL knowledge store in schema '{Schema}' (schema version {Version}, pgvector {VectorVersion}).")]
    public static partial void StoreOpened(ILogger logger, string schema, int version, string vectorVersion);

    [LoggerMessage(2, LogLevel.Information, "Migrated PostgreSQL schema '{Schema}' to version {Version}: {Description}.")]
    public static partial void SchemaMigrated(ILogger logger, string schema, int version, string description);

    [LoggerMessage(3, LogLevel.Information, "Bound PostgreSQL knowledge store '{Schema}' to embedding model '{ModelId}' ({Dimensions} dimensions).")]
    public static partial void ModelBound(ILogger logger, string schema, string modelId, int dimensions);

    [LoggerMessage(4, LogLevel.Debug, "Replaced document '{DocumentId}' in '{Schema}' with {Count} chunks in {Elapsed}.")]
    public static partial void DocumentReplaced(ILogger logger, string documentId, string schema, int count, TimeSpan elapsed);

    [LoggerMessage(5, LogLevel.Information, "Re-analysing the keyword index of '{Schema}' in each chunk's language: {Documents} documents read, {Changed} chunks changed so far.")]
    public static partial void KeywordReanalysisProgress(ILogger logger, string schema, int documents, int changed);

    [LoggerMessage(6, LogLevel.Information, "Re-analysed the keyword index of '{Schema}' in each chunk's language: {Documents} documents, {Changed} chunks changed, in {Elapsed}.")]
    public static partial void KeywordIndexReanalysed(ILogger logger, string schema, int documents, int changed, TimeSpan elapsed);
}
