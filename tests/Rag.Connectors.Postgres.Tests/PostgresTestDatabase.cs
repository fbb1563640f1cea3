// Copyright (c) Rag contributors. Licensed under the MIT License.

using Npgsql;
using Rag.TestUtilities;

namespace Rag.Connectors.Postgres.Tests;

/// <summary>
/// The PostgreSQL server the tests run against, named by <c>RAG_TEST_POSTGRES</c> (an Npgsql connection string):
/// PGlite in CI (see pglite/start-pglite.sh), or any PostgreSQL with pgvector ≥ 0.5. Each store gets its own schema.
/// </summary>
internal static class PostgresTestDatabase
{
    public const string Variable = "RAG_TEST_POSTGRES";

    // One data source for the whole run: PGlite serves one session, so its connection string pins the pool to one connection.
    private static readonly Lazy<NpgsqlDataSource> s_dataSource = new(() =>
    {
        var builder = new NpgsqlDataSourceBuilder(Environment.GetEnvironmentVariable(Variable));
        builder.UseVector();
        return builder.Build();
    });

    /// <summary>Gets the shared data source; skips the test (fails it in CI) when no server is configured.</summary>
    public static NpgsqlDataSource DataSource
    {
        get
        {
            _ = ConnectionString;
            return s_dataSource.Value;
        }
    }

    /// <summary>Gets the server's connection string; skips the test (fails it in CI) when no server is configured.</summary>
    public static string ConnectionString
    {
        get
        {
            TestEnvironment.RequireService(Variable, "PostgreSQL test server (Npgsql connection string)");
            return Environment.GetEnvironmentVariable(Variable)!;
        }
    }

    /// <summary>A schema name no other test uses.</summary>
    public static string NewSchemaName() => "rag_test_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Drops the test schemas.</summary>
    public static void DropSchemas(IEnumerable<string> schemas)
    {
        string[] names = [.. schemas];
        if (names.Length == 0 || !s_dataSource.IsValueCreated)
        {
            return;
        }

        using NpgsqlConnection connection = s_dataSource.Value.OpenConnection();
        foreach (string schema in names)
        {
            using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE;", connection);
            command.ExecuteNonQuery();
        }
    }
}
