// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Rag.Connectors.Postgres.Schema;
using Rag.Connectors.Postgres.Search;
using Rag.Connectors.Postgres.Storage;

namespace Rag.Connectors.Postgres;

/// <summary>
/// Re-analyses the chunks of a schema written before chunks had their own text search configuration (schema version 1),
/// once: each chunk gets the configuration <see cref="ChunkConfigurations"/> picks for it, as if it were written now.
/// The migration to version 2 leaves a <see cref="PendingKey"/> mark when the schema holds chunks; this removes it, and
/// lists exactly the configurations the chunks now hold.
/// </summary>
/// <remarks>
/// One transaction under the store's exclusive lock: writers of every node wait, readers see the old analysis until it
/// commits, and a run cut short leaves the mark, so the next open runs it again. Only rows whose configuration changes are rewritten.
/// </remarks>
internal static class KeywordReanalysis
{
    /// <summary>The <c>rag_store</c> key marking a schema whose chunks wait to be re-analysed.</summary>
    public const string PendingKey = "keyword_reanalysis";

    private const int DocumentsPerRound = 200;

    /// <summary>Re-analyses the chunks when the schema is marked; does nothing otherwise.</summary>
    public static async Task RunIfPendingAsync(
        NpgsqlConnection connection, SchemaNames names, string storeLockKey, KeywordLanguage setting, string fallback, ILogger logger, CancellationToken cancellationToken)
    {
        string marked = $"SELECT value FROM {names.Store} WHERE key = '{PendingKey}';";
        if (await SchemaMigrator.ScalarAsync(connection, marked, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
        await SchemaMigrator.ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0));", cancellationToken, ("key", storeLockKey)).ConfigureAwait(false);
        if (await SchemaMigrator.ScalarAsync(connection, marked, cancellationToken).ConfigureAwait(false) is null)
        {
            return; // another node finished it while this one waited for the lock
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        int documents = 0;
        int changed = 0;
        string after = string.Empty;
        while (true)
        {
            List<(long Id, DocumentChunk Chunk)> round = await ReadRoundAsync(connection, transaction, names, after, cancellationToken).ConfigureAwait(false);
            if (round.Count == 0)
            {
                break;
            }

            var ids = new List<long>(round.Count);
            var configurations = new List<string>(round.Count);
            foreach (IGrouping<string, (long Id, DocumentChunk Chunk)> document in round.GroupBy(r => r.Chunk.DocumentId, StringComparer.Ordinal))
            {
                string[] chosen = ChunkConfigurations.Choose(setting, fallback, [.. document.Select(r => r.Chunk)]);
                ids.AddRange(document.Select(r => r.Id));
                configurations.AddRange(chosen);
                documents++;
            }

            used.UnionWith(configurations);
            changed += await UpdateAsync(connection, transaction, names, ids, configurations, cancellationToken).ConfigureAwait(false);
            after = round[^1].Chunk.DocumentId;
            Log.KeywordReanalysisProgress(logger, names.RawSchema, documents, changed);
        }

        await SchemaMigrator.ExecuteAsync(
            connection,
            $"""
            DELETE FROM {names.KeywordLanguages};
            INSERT INTO {names.KeywordLanguages} (name) SELECT unnest(@names);
            DELETE FROM {names.Store} WHERE key = '{PendingKey}';
            """,
            cancellationToken,
            ("names", used.Order(StringComparer.Ordinal).ToArray())).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.KeywordIndexReanalysed(logger, names.RawSchema, documents, changed, watch.Elapsed);
    }

    /// <summary>Reads the chunks of the next <see cref="DocumentsPerRound"/> documents after <paramref name="after"/> (ordinal order), in document and chunk order.</summary>
    private static async Task<List<(long Id, DocumentChunk Chunk)>> ReadRoundAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SchemaNames names, string after, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(
            $"""
            SELECT c.id, c.document_id, c.idx, c.title, c.heading_path, c.text FROM {names.Chunks} c
            WHERE c.document_id IN (SELECT DISTINCT d.document_id COLLATE "C" FROM {names.Chunks} d WHERE d.document_id COLLATE "C" > @after ORDER BY 1 LIMIT @n)
            ORDER BY c.document_id COLLATE "C", c.idx;
            """,
            connection,
            transaction);
        await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("n", DocumentsPerRound);
        NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        var rows = new List<(long, DocumentChunk)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add((reader.GetInt64(0), new DocumentChunk
            {
                DocumentId = reader.GetString(1),
                Index = reader.GetInt32(2),
                Title = reader.IsDBNull(3) ? null : reader.GetString(3),
                HeadingPath = reader.GetFieldValue<string[]>(4),
                Text = reader.GetString(5),
                Path = string.Empty,
                ContentHash = string.Empty,
            }));
        }

        return rows;
    }

    /// <summary>Gives each chunk its configuration and re-analyses those whose configuration changes; returns how many.</summary>
    private static async Task<int> UpdateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SchemaNames names, List<long> ids, List<string> configurations, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(
            $"""
            UPDATE {names.Chunks} c SET language = u.language, search = {SearchVector.Sql("u.language::regconfig", "c.title", "c.headings", "c.text")}
            FROM unnest(@ids, @languages) AS u(id, language)
            WHERE c.id = u.id AND c.language <> u.language;
            """,
            connection,
            transaction);
        await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = ids.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("languages", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = configurations.ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
