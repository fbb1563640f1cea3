// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rag.Connectors.Postgres.Storage;

namespace Rag.Connectors.Postgres.Schema;

/// <summary>
/// Creates and migrates a knowledge store's schema. Each migration runs once, forward only, and is recorded in
/// <c>rag_schema_version</c>; all of them run in one transaction under a database-wide advisory lock, so nodes
/// starting together migrate once and never race on <c>CREATE EXTENSION</c>.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>The advisory lock that serialises migrations of every Rag schema in the database.</summary>
    private const string MigrationLockKey = "rag:migrate";

    /// <summary>The migrations, in order; version N is the N-th entry. Never edit a shipped entry: append a new one.</summary>
    /// <param name="names">The schema's table names.</param>
    /// <param name="textSearchConfiguration">The schema's text search configuration: the stored one for a schema that exists, else the option's.</param>
    /// <remarks>
    /// Version 2 keeps every stored <c>tsvector</c> as it was (the generated column becomes a plain one, each chunk
    /// recorded as analysed with the schema's configuration), so a chunk written before it matches as before, and marks
    /// a schema holding chunks for <see cref="KeywordReanalysis"/>, which the store runs when it opens.
    /// </remarks>
    public static IReadOnlyList<(string Description, string Sql)> Migrations(SchemaNames names, string textSearchConfiguration)
    {
        string config = "'" + textSearchConfiguration + "'::regconfig"; // validated as an identifier by the options
        return
        [
            (
                "documents, chunks, full-text index",
                $"""
                CREATE TABLE {names.Store} (key text PRIMARY KEY, value text NOT NULL);
                CREATE TABLE {names.Documents} (
                    id text PRIMARY KEY, path text NOT NULL, title text, file_type text NOT NULL, size bigint NOT NULL,
                    last_modified_ticks bigint NOT NULL, last_modified_offset_minutes integer NOT NULL,
                    content_hash text NOT NULL, status smallint NOT NULL, error text, chunk_count integer NOT NULL,
                    indexed_at_ticks bigint NOT NULL, indexed_at_offset_minutes integer NOT NULL, tags text[] NOT NULL);
                CREATE INDEX ON {names.Documents} (path COLLATE "C");
                CREATE TABLE {names.Chunks} (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, document_id text NOT NULL, idx integer NOT NULL,
                    text text NOT NULL, path text NOT NULL, title text, heading_path text[] NOT NULL, headings text NOT NULL,
                    page integer, start_line integer, end_line integer, start_offset integer NOT NULL, end_offset integer NOT NULL,
                    content_hash text NOT NULL, file_type text NOT NULL, tags text[] NOT NULL, embedding vector,
                    search tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector({config}, coalesce(title, '')), 'A') ||
                        setweight(to_tsvector({config}, headings), 'B') ||
                        setweight(to_tsvector({config}, text), 'C')) STORED,
                    UNIQUE (document_id, idx));
                CREATE INDEX ON {names.Chunks} USING gin (search);
                INSERT INTO {names.Store} (key, value) VALUES ('text_search_configuration', '{textSearchConfiguration}');
                """
            ),
            (
                "per-chunk text search configuration",
                $"""
                ALTER TABLE {names.Chunks} ADD COLUMN language text NOT NULL DEFAULT {Literal(textSearchConfiguration)};
                ALTER TABLE {names.Chunks} ALTER COLUMN language DROP DEFAULT;
                ALTER TABLE {names.Chunks} ALTER COLUMN search DROP EXPRESSION;
                CREATE TABLE {names.KeywordLanguages} (name text PRIMARY KEY);
                INSERT INTO {names.KeywordLanguages} (name) SELECT {Literal(textSearchConfiguration)} WHERE EXISTS (SELECT FROM {names.Chunks});
                INSERT INTO {names.Store} (key, value) SELECT '{KeywordReanalysis.PendingKey}', 'pending' WHERE EXISTS (SELECT FROM {names.Chunks});
                """
            ),
            (
                "OCR confidence",
                $"ALTER TABLE {names.Chunks} ADD COLUMN ocr_confidence double precision;"
            ),
        ];
    }

    /// <summary>Applies every migration newer than the schema's recorded version.</summary>
    /// <returns>The schema version and the installed pgvector version.</returns>
    /// <exception cref="InvalidOperationException">The schema was written by a newer version of this connector, or pgvector is missing.</exception>
    public static async Task<(int Version, string VectorVersion)> MigrateAsync(
        NpgsqlConnection connection, SchemaNames names, PostgresStoreOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable transactionScope = transaction.ConfigureAwait(false);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0));", cancellationToken, ("key", MigrationLockKey)).ConfigureAwait(false);
        if (options.CreateExtension)
        {
            await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS vector;", cancellationToken).ConfigureAwait(false);
        }

        string vectorVersion = await ScalarAsync(connection, "SELECT extversion FROM pg_extension WHERE extname = 'vector';", cancellationToken).ConfigureAwait(false) as string
            ?? throw new InvalidOperationException("The pgvector extension is not installed in this database: run CREATE EXTENSION vector as a privileged role, or enable PostgresStoreOptions.CreateExtension.");
        await ExecuteAsync(
            connection,
            $"""
            CREATE SCHEMA IF NOT EXISTS {names.Schema};
            CREATE TABLE IF NOT EXISTS {names.SchemaVersion} (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            """,
            cancellationToken).ConfigureAwait(false);
        int current = Convert.ToInt32(await ScalarAsync(connection, $"SELECT coalesce(max(version), 0) FROM {names.SchemaVersion};", cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        string configuration = current == 0
            ? options.TextSearchConfiguration
            : await ScalarAsync(connection, $"SELECT value FROM {names.Store} WHERE key = 'text_search_configuration';", cancellationToken).ConfigureAwait(false) as string ?? options.TextSearchConfiguration;
        IReadOnlyList<(string Description, string Sql)> migrations = Migrations(names, configuration);
        if (current > migrations.Count)
        {
            throw new InvalidOperationException($"The knowledge store schema '{names.RawSchema}' is at version {current}, written by a newer version of Rag.Connectors.Postgres (this one knows up to {migrations.Count}). Upgrade the package.");
        }

        for (int version = current + 1; version <= migrations.Count; version++)
        {
            (string description, string sql) = migrations[version - 1];
            await ExecuteAsync(connection, sql, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"INSERT INTO {names.SchemaVersion} (version, description) VALUES (@version, @description);", cancellationToken, ("version", version), ("description", description)).ConfigureAwait(false);
            Log.SchemaMigrated(logger, names.RawSchema, version, description);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (migrations.Count, vectorVersion);
    }

    /// <summary>Runs SQL with named parameters.</summary>
    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        NpgsqlCommand command = Command(connection, sql, parameters);
        await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs SQL with named parameters and returns the first column of the first row.</summary>
    public static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        NpgsqlCommand command = Command(connection, sql, parameters);
        await using ConfiguredAsyncDisposable commandScope = command.ConfigureAwait(false);
        object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>Quotes a SQL string literal.</summary>
    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
