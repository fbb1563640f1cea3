// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Rag.TestUtilities;

namespace Rag.Connectors.Sqlite.Tests.Knowledge;

public sealed class CrashSafetyTests : IDisposable
{
    private const int ChunksPerDocument = 400;
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task WriterKilledMidBatch_LeavesIntactDatabaseWithExactlyTheCommittedDocuments()
    {
        // Arrange
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = Path.Combine(_directory.Path, "crash.db");
        string baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string configuration = Path.GetFileName(baseDirectory);
        string writer = Path.Combine(baseDirectory, "..", "..", "Rag.Connectors.Sqlite.CrashWriter", configuration, "Rag.Connectors.Sqlite.CrashWriter.dll");
        Assert.True(File.Exists(writer), $"Crash writer not built: {writer}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { writer, path, ChunksPerDocument.ToString(System.Globalization.CultureInfo.InvariantCulture), "100000" })
        {
            start.ArgumentList.Add(arg);
        }

        // Act: let a few documents commit, then kill the writer while it is inside a transaction.
        int reported = -1;
        using (Process process = Process.Start(start)!)
        {
            try
            {
                while (await process.StandardOutput.ReadLineAsync(ct) is string line)
                {
                    if (line.StartsWith("committed ", StringComparison.Ordinal))
                    {
                        reported = int.Parse(line["committed ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                        if (reported >= 3)
                        {
                            await Task.Delay(Random.Shared.Next(1, 15), ct);
                            break;
                        }
                    }
                }
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(ct);
            }

            // Lines the writer printed before it died may still sit in the pipe: they are commits too.
            while (await process.StandardOutput.ReadLineAsync(ct) is string line)
            {
                if (line.StartsWith("committed ", StringComparison.Ordinal))
                {
                    reported = int.Parse(line["committed ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        // Assert
        Assert.True(reported >= 3, "The writer never committed.");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", check.ExecuteScalar());
        }

        using KnowledgeStore store = SqliteKnowledgeStore.Open(path);
        IReadOnlyList<DocumentRecord> documents = await store.GetDocumentsAsync(ct);
        Assert.InRange(documents.Count, reported + 1, reported + 2); // the kill may land just after a commit, before its line
        foreach (DocumentRecord document in documents)
        {
            Assert.Equal(ChunksPerDocument, (await store.GetChunksAsync(document.Id, ct)).Count);
        }

        IReadOnlyList<ChunkSearchResult> all = await store.SearchAsync(new ChunkSearchRequest { Keywords = "lorem", Top = 100_000 }, ct);
        Assert.Equal(documents.Count * ChunksPerDocument, all.Count);
    }
}
