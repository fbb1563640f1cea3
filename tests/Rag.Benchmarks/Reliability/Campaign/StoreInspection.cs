// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using Microsoft.Data.Sqlite;
using Rag.Connectors.Sqlite;

namespace Rag.Reliability;

/// <summary>Inspects a SQLite knowledge store after a fault: integrity, stored documents, duplicate or orphan rows, differences to a clean ingest.</summary>
internal static class StoreInspection
{
    public static List<string> Compare(Dictionary<string, (string Hash, int Chunks)> expected, Dictionary<string, (string Hash, int Chunks)> actual)
    {
        var differences = new List<string>();
        foreach ((string path, (string hash, int chunks)) in expected)
        {
            if (!actual.TryGetValue(path, out var found))
            {
                differences.Add("missing " + path);
            }
            else if (found.Hash != hash || found.Chunks != chunks)
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {found.Chunks} chunks (expected {chunks})"));
            }
        }

        differences.AddRange(actual.Keys.Except(expected.Keys).Select(p => "extra " + p));
        return differences;
    }

    /// <summary>Reads the documents (path → content hash, chunk rows actually stored) through the public store API.</summary>
    public static async Task<Dictionary<string, (string Hash, int Chunks)>> SnapshotAsync(string databasePath, CancellationToken cancellationToken, bool readOnly = false)
    {
        using KnowledgeStore store = SqliteKnowledgeStore.Open(databasePath, new SqliteStoreOptions { ReadOnly = readOnly });
        var snapshot = new Dictionary<string, (string Hash, int Chunks)>(StringComparer.Ordinal);
        foreach (DocumentRecord document in await store.GetDocumentsAsync(cancellationToken))
        {
            if (document.Status != DocumentStatus.Indexed)
            {
                continue;
            }

            IReadOnlyList<DocumentChunk> chunks = await store.GetChunksAsync(document.Id, cancellationToken);
            if (chunks.Count != document.ChunkCount || chunks.Select(c => c.Index).Distinct().Count() != chunks.Count)
            {
                snapshot[document.Path] = (document.ContentHash, -1);
                continue;
            }

            snapshot[document.Path] = (document.ContentHash, chunks.Count);
        }

        return snapshot;
    }

    public static string IntegrityCheck(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "null";
    }

    /// <summary>
    /// Counts, straight from the SQLite file, chunk rows sharing a (document, index) pair, chunk rows of no document,
    /// and the difference between the full-text index and the chunk table.
    /// </summary>
    public static long DuplicateChunks(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM chunks GROUP BY document_id, idx HAVING n > 1))
                 + (SELECT COUNT(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents))
                 + ABS((SELECT COUNT(*) FROM chunks) - (SELECT COUNT(*) FROM chunks_fts))
            """;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
