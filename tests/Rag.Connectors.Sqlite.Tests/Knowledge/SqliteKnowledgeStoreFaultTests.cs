// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;
using Rag.TestUtilities;

namespace Rag.Connectors.Sqlite.Tests.Knowledge;

/// <summary>
/// Storage faults seen by a real writer process: a full disk (a file-size limit, RLIMIT_FSIZE, set on the child) and a file
/// the writer may not change (permissions, checked as an unprivileged user even when the tests run as root).
/// </summary>
[SupportedOSPlatform("linux")] // each test skips elsewhere (RequireLinux)
public sealed class SqliteKnowledgeStoreFaultTests : IDisposable
{
    private const int ChunksPerDocument = 50;
    private readonly TemporaryDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task UpsertDocumentAsync_DiskFullMidIngest_FailsNamingPathAndKeepsEveryCommittedDocument()
    {
        // Arrange: a 512 KiB file-size limit lets a few documents commit before the write-ahead log hits it.
        RequireLinux();
        string path = Path.Combine(_directory.Path, "full.db");
        string[] arguments = [ChildProcess.CrashWriterPath(), path, ChunksPerDocument.ToString(CultureInfo.InvariantCulture), "100000"];

        // Act
        (int exitCode, string stdout, string stderr) = await ChildProcess.RunDotnetAsync("trap '' XFSZ; ulimit -f 512;", string.Empty, arguments, Ct);

        // Assert: a clear error naming the file, and exactly the committed documents, whole.
        int committed = stdout.Split('\n').Count(l => l.StartsWith("committed ", StringComparison.Ordinal));
        Assert.NotEqual(0, exitCode);
        Assert.Contains($"The SQLite database '{Path.GetFullPath(path)}' could not be written: the disk is full", stderr, StringComparison.Ordinal);
        Assert.InRange(committed, 1, 1000);
        Assert.Equal("ok", IntegrityCheck(path));
        using KnowledgeStore store = SqliteKnowledgeStore.Open(path);
        IReadOnlyList<DocumentRecord> documents = await store.GetDocumentsAsync(Ct);
        Assert.Equal(committed, documents.Count);
        foreach (DocumentRecord document in documents)
        {
            Assert.Equal(ChunksPerDocument, (await store.GetChunksAsync(document.Id, Ct)).Count);
        }

        // Once space returns, writing goes on in the same file.
        await store.UpsertDocumentAsync(new DocumentRecord { Id = "after", Path = "after.txt", FileType = "txt", ContentHash = "h" }, [new DocumentChunk { DocumentId = "after", Index = 0, Text = "written after the disk had room again", Path = "after.txt", ContentHash = "c", Embedding = new float[32] }], Ct);
        Assert.Equal(committed + 1, (await store.GetDocumentsAsync(Ct)).Count);
        Assert.Equal((committed * ChunksPerDocument) + 1, (await store.SearchAsync(new ChunkSearchRequest { Keywords = "lorem again", Top = 100_000 }, Ct)).Count);
    }

    [Fact]
    public async Task UpsertDocumentAsync_DiskFullThenSpaceReturns_SameStoreInstanceCarriesOnWithNothingLost()
    {
        // Arrange: a soft 512 KiB file-size limit, which the writer lifts after the first failure (a long-running host
        // whose disk gets room again), then retries the failed document on the same open store.
        RequireLinux();
        string path = Path.Combine(_directory.Path, "recovers.db");
        const int Documents = 20;
        string[] arguments = [ChildProcess.CrashWriterPath(), path, ChunksPerDocument.ToString(CultureInfo.InvariantCulture), Documents.ToString(CultureInfo.InvariantCulture), "--retry-when-full"];

        // Act
        (int exitCode, string stdout, string stderr) = await ChildProcess.RunDotnetAsync("trap '' XFSZ; ulimit -S -f 512;", string.Empty, arguments, Ct);

        // Assert: one failure with a clear message, then every document committed once, whole and searchable.
        Assert.True(exitCode == 0, stderr);
        string[] lines = stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"failed: The SQLite database '{Path.GetFullPath(path)}' could not be written: the disk is full", Assert.Single(lines, l => l.StartsWith("failed: ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(Documents, lines.Count(l => l.StartsWith("committed ", StringComparison.Ordinal)));
        Assert.Contains($"searchable {Documents * ChunksPerDocument}", lines);
        Assert.Equal("ok", IntegrityCheck(path));
        using KnowledgeStore store = SqliteKnowledgeStore.Open(path);
        Assert.Equal(Documents, (await store.GetDocumentsAsync(Ct)).Count);
        Assert.Equal(Documents * ChunksPerDocument, (await store.SearchAsync(new ChunkSearchRequest { Keywords = "lorem", Top = 100_000 }, Ct)).Count);
    }

    [Fact]
    public async Task Open_FileAndFolderNotWritableByTheUser_ThrowsReadOnlyNamingPathAndChangesNothing()
    {
        // Arrange: a store, then permissions that forbid writing. Root ignores them, so a root run writes as 'nobody'.
        RequireLinux();
        string folder = Path.Combine(_directory.Path, "shipped");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "kb.db");
        using (KnowledgeStore created = SqliteKnowledgeStore.Open(path))
        {
            await created.InitializeAsync(new EmbeddingModelInfo("crash-model", 32), Ct);
        }

        SqliteConnection.ClearAllPools();
        byte[] before = await File.ReadAllBytesAsync(path, Ct);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        const UnixFileMode ReadAndList = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(folder, ReadAndList);
        File.SetUnixFileMode(_directory.Path, ReadAndList);
        string launcher = ChildProcess.IsRoot ? string.Create(CultureInfo.InvariantCulture, $"setpriv --reuid={ChildProcess.NobodyId} --regid={ChildProcess.NobodyId} --clear-groups") : string.Empty;

        try
        {
            // Act
            (int exitCode, string stdout, string stderr) = await ChildProcess.RunDotnetAsync(string.Empty, launcher, [ChildProcess.CrashWriterPath(), path, "3", "5"], Ct);

            // Assert
            Assert.NotEqual(0, exitCode);
            Assert.DoesNotContain("committed", stdout, StringComparison.Ordinal);
            Assert.Contains($"The SQLite database '{Path.GetFullPath(path)}' is read-only", stderr, StringComparison.Ordinal);
            Assert.Equal(before, await File.ReadAllBytesAsync(path, Ct));
            Assert.False(File.Exists(path + "-wal"));
        }
        finally
        {
            File.SetUnixFileMode(_directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // an empty -wal, as a writer that failed on a full disk leaves it: it holds no commit either
    public async Task ReadOnly_ShippedIndexInFolderTheUserCannotWrite_SearchesAndRefusesWritesCreatingNothing(bool emptyWal)
    {
        // Arrange: a cleanly closed store (no -wal/-shm) in a folder the reader may not write, so SQLite cannot create its
        // shared-memory file; root ignores permissions, so a root run reads as 'nobody'.
        RequireLinux();
        string folder = Path.Combine(_directory.Path, "shipped");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "kb.db");
        using (KnowledgeStore created = SqliteKnowledgeStore.Open(path))
        {
            await created.InitializeAsync(new EmbeddingModelInfo("crash-model", 32), Ct);
            for (int d = 0; d < 3; d++)
            {
                string id = "doc" + d.ToString(CultureInfo.InvariantCulture);
                await created.UpsertDocumentAsync(new DocumentRecord { Id = id, Path = id + ".txt", FileType = "txt", ContentHash = "h" }, [new DocumentChunk { DocumentId = id, Index = 0, Text = "lorem ipsum " + id, Path = id + ".txt", ContentHash = "c", Embedding = new float[32] }], Ct);
            }
        }

        SqliteConnection.ClearAllPools();
        if (emptyWal)
        {
            await File.WriteAllBytesAsync(path + "-wal", [], Ct);
        }

        string[] files = Directory.GetFiles(folder);
        byte[] before = await File.ReadAllBytesAsync(path, Ct);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        const UnixFileMode ReadAndList = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(folder, ReadAndList);
        File.SetUnixFileMode(_directory.Path, ReadAndList);
        string launcher = ChildProcess.IsRoot ? string.Create(CultureInfo.InvariantCulture, $"setpriv --reuid={ChildProcess.NobodyId} --regid={ChildProcess.NobodyId} --clear-groups") : string.Empty;

        try
        {
            // Act
            (int exitCode, string stdout, string stderr) = await ChildProcess.RunDotnetAsync(string.Empty, launcher, [ChildProcess.CrashWriterPath(), path, "read-only", "lorem"], Ct);

            // Assert
            Assert.True(exitCode == 0, stderr);
            Assert.Contains("hits 3", stdout, StringComparison.Ordinal);
            Assert.Contains($"refused: The SQLite database '{Path.GetFullPath(path)}' was opened read-only", stdout, StringComparison.Ordinal);
            Assert.Equal(files, Directory.GetFiles(folder));
            Assert.Equal(before, await File.ReadAllBytesAsync(path, Ct));
        }
        finally
        {
            File.SetUnixFileMode(_directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void RequireLinux()
    {
        // Resource limits, setpriv and Unix permissions: the CI machine is Linux; elsewhere these faults are not reproducible.
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("Needs Linux (RLIMIT_FSIZE and Unix permissions).");
        }
    }

    private static string? IntegrityCheck(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return command.ExecuteScalar() as string;
    }
}
