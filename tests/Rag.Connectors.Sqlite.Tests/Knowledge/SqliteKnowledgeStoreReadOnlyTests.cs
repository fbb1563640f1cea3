// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using Rag.TestUtilities;

namespace Rag.Connectors.Sqlite.Tests.Knowledge;

/// <summary><see cref="SqliteStoreOptions.ReadOnly"/>: a shipped index is queried and never changed.</summary>
public sealed class SqliteKnowledgeStoreReadOnlyTests : IDisposable
{
    private static readonly EmbeddingModelInfo s_model = new("test-model", 4);
    private readonly TemporaryDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    private static DocumentRecord Doc(string id) => new() { Id = id, Path = id + ".md", FileType = "md", ContentHash = "h-" + id };

    private static DocumentChunk Chunk(string documentId, int index, string text, float[] vector) => new()
    {
        DocumentId = documentId,
        Index = index,
        Text = text,
        Path = documentId + ".md",
        ContentHash = "c" + index,
        Embedding = vector,
    };

    [Fact]
    public async Task ReadOnly_ExistingStore_SearchesAndReadsWorkAndEveryWriteThrowsNamingPathLeavingFileUnchanged()
    {
        // Arrange
        string path = await CreateStoreAsync();
        byte[] before = await File.ReadAllBytesAsync(path, Ct);
        using KnowledgeStore store = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { ReadOnly = true });

        // Act: reads
        IReadOnlyList<ChunkSearchResult> keyword = await store.SearchAsync(new ChunkSearchRequest { Keywords = "glacier" }, Ct);
        IReadOnlyList<ChunkSearchResult> vector = await store.SearchAsync(new ChunkSearchRequest { Vector = new float[] { 0, 1, 0, 0 }, Top = 1 }, Ct);
        await store.InitializeAsync(s_model, Ct); // the stored model: nothing to write

        // Act: writes
        VectorStoreException[] failures =
        [
            await Assert.ThrowsAsync<VectorStoreException>(() => store.UpsertDocumentAsync(Doc("c"), [Chunk("c", 0, "new", [0, 0, 1, 0])], Ct)),
            await Assert.ThrowsAsync<VectorStoreException>(() => store.DeleteDocumentAsync("a", Ct)),
            await Assert.ThrowsAsync<VectorStoreException>(() => store.RenameDocumentAsync("a", Doc("a2"), Ct)),
            await Assert.ThrowsAsync<VectorStoreException>(() => store.ResetAsync(new EmbeddingModelInfo("other", 8), Ct)),
        ];

        // Assert
        Assert.Equal("a", Assert.Single(keyword).Chunk.DocumentId);
        Assert.Equal("b", Assert.Single(vector).Chunk.DocumentId);
        Assert.Equal(["a", "b"], (await store.GetDocumentsAsync(Ct)).Select(d => d.Id));
        Assert.All(failures, ex =>
        {
            Assert.Contains($"The SQLite database '{Path.GetFullPath(path)}' was opened read-only (SqliteStoreOptions.ReadOnly)", ex.Message, StringComparison.Ordinal);
            Assert.Equal(Path.GetFullPath(path), ex.VectorStoreName);
        });
        store.Dispose();
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, await File.ReadAllBytesAsync(path, Ct));
    }

    [Fact]
    public async Task ReadOnly_MissingFile_ThrowsNamingPathAndCreatesNothing()
    {
        string path = Path.Combine(_directory.Path, "missing", "kb.db");
        using KnowledgeStore store = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { ReadOnly = true });

        var ex = await Assert.ThrowsAsync<VectorStoreException>(() => store.GetDocumentsAsync(Ct));

        Assert.Contains($"The SQLite database '{Path.GetFullPath(path)}' does not exist", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public async Task ReadOnly_DatabaseWithoutKnowledgeStore_ThrowsNamingPathAndChangesNothing()
    {
        // Arrange: a valid SQLite file of another application.
        string path = Path.Combine(_directory.Path, "other.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);";
            create.ExecuteNonQuery();
        }

        byte[] before = await File.ReadAllBytesAsync(path, Ct);
        using KnowledgeStore store = SqliteKnowledgeStore.Open(path, new SqliteStoreOptions { ReadOnly = true });

        // Act
        var ex = await Assert.ThrowsAsync<VectorStoreException>(() => store.SearchAsync(new ChunkSearchRequest { Keywords = "x" }, Ct));

        // Assert
        Assert.Contains(Path.GetFullPath(path), ex.Message, StringComparison.Ordinal);
        Assert.Contains("read-only", ex.Message, StringComparison.Ordinal);
        store.Dispose();
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, await File.ReadAllBytesAsync(path, Ct));
    }

    private async Task<string> CreateStoreAsync()
    {
        string path = Path.Combine(_directory.Path, "kb.db");
        using (KnowledgeStore writable = SqliteKnowledgeStore.Open(path))
        {
            await writable.InitializeAsync(s_model, Ct);
            await writable.UpsertDocumentAsync(Doc("a"), [Chunk("a", 0, "The glacier retreats every summer.", [1, 0, 0, 0])], Ct);
            await writable.UpsertDocumentAsync(Doc("b"), [Chunk("b", 0, "Volcanic islands form over hot spots.", [0, 1, 0, 0])], Ct);
        }

        SqliteConnection.ClearAllPools();
        return path;
    }
}
