// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using Rag.TestUtilities;

namespace Rag.Connectors.Sqlite.Tests.Knowledge;

/// <summary>
/// What a kill during a store's first open leaves behind (an empty file, an empty file with a hot journal, the schema of an
/// older version without the knowledge tables) opens again without hand repair; a file that holds data or is not SQLite is
/// refused with a clear error and left byte for byte as it was.
/// </summary>
public sealed class InterruptedCreationTests : IDisposable
{
    private static readonly EmbeddingModelInfo s_model = new("test-model", 4);
    private readonly TemporaryDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string StorePath => Path.Combine(_directory.Path, "index.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task Open_ZeroByteFile_ReadOnlySaysToIndexAgainAndReadWriteBuildsAWorkingStore()
    {
        await File.WriteAllBytesAsync(StorePath, [], Ct);

        VectorStoreException readOnly = await ReadOnlyFailureAsync();
        await AssertWritableAsync();

        Assert.Contains("holds no store yet", readOnly.Message, StringComparison.Ordinal);
        Assert.Contains("index the folder again", readOnly.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ZeroByteFileWithHotJournal_ReadWriteRollsTheJournalBackAndBuildsAWorkingStore()
    {
        // Arrange: the journal of a first transaction caught mid-write (its pages spilled, not committed), beside an empty file.
        byte[] journal = SqliteHotJournal.Capture(_directory.Path);
        await File.WriteAllBytesAsync(StorePath, [], Ct);
        await File.WriteAllBytesAsync(StorePath + "-journal", journal, Ct);

        // Act
        _ = await Assert.ThrowsAsync<VectorStoreException>(() => OpenReadOnlyAsync());
        await AssertWritableAsync();

        // Assert
        Assert.NotEmpty(journal);
        Assert.False(File.Exists(StorePath + "-journal"));
    }

    [Fact]
    public async Task Open_SchemaWithoutKnowledgeTables_ReadOnlySaysToIndexAgainAndReadWriteCompletesIt()
    {
        // Arrange: what an older version left when killed between its two schema commits.
        using (var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE rag_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
                INSERT INTO rag_schema VALUES (1, 1);
                CREATE TABLE rag_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                """;
            create.ExecuteNonQuery();
        }

        VectorStoreException readOnly = await ReadOnlyFailureAsync();
        await AssertWritableAsync();

        Assert.Contains("holds no knowledge store yet", readOnly.Message, StringComparison.Ordinal);
        Assert.Contains("index the folder again", readOnly.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_FirstOpen_CommitsTheWholeSchemaAtOnce()
    {
        using (KnowledgeStore store = SqliteKnowledgeStore.Open(StorePath))
        {
            _ = await store.GetDocumentsAsync(Ct);
        }

        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={StorePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand tables = connection.CreateCommand();
        tables.CommandText = "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('rag_schema', 'rag_meta', 'documents', 'chunks', 'chunks_fts') ORDER BY name);";
        Assert.Equal("chunks,chunks_fts,documents,rag_meta,rag_schema", tables.ExecuteScalar());
    }

    [Theory]
    [InlineData("not a database at all, just some text a user saved here")]
    [InlineData("SQLite format 3\0 followed by garbage that is no page")]
    public async Task Open_GarbageFile_FailsNamingThePathAndLeavesTheFileUntouched(string content)
    {
        byte[] bytes = [.. System.Text.Encoding.UTF8.GetBytes(content), .. new byte[5000].Select((_, i) => (byte)(i * 7))];
        await File.WriteAllBytesAsync(StorePath, bytes, Ct);

        VectorStoreException readWrite = await Assert.ThrowsAsync<VectorStoreException>(async () =>
        {
            using KnowledgeStore store = SqliteKnowledgeStore.Open(StorePath);
            await store.InitializeAsync(s_model, Ct);
        });
        SqliteConnection.ClearAllPools();

        Assert.Contains(Path.GetFullPath(StorePath), readWrite.Message, StringComparison.Ordinal);
        Assert.Contains("is corrupt or is not a SQLite database", readWrite.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(StorePath, Ct));
    }

    [Fact]
    public async Task Open_StoreWithDocuments_ReopensWithEveryDocument()
    {
        using (KnowledgeStore store = SqliteKnowledgeStore.Open(StorePath))
        {
            await store.InitializeAsync(s_model, Ct);
            await store.UpsertDocumentAsync(Doc("a"), [Chunk("a", [1, 0, 0, 0])], Ct);
        }

        SqliteConnection.ClearAllPools();
        using (KnowledgeStore reopened = SqliteKnowledgeStore.Open(StorePath))
        {
            Assert.Equal(["a"], (await reopened.GetDocumentsAsync(Ct)).Select(d => d.Id));
        }
    }

    private static DocumentRecord Doc(string id) => new() { Id = id, Path = id + ".md", FileType = "md", ContentHash = "h-" + id, ChunkCount = 1 };

    private static DocumentChunk Chunk(string documentId, float[] vector) => new()
    {
        DocumentId = documentId,
        Index = 0,
        Text = "The glacier retreats every summer.",
        Path = documentId + ".md",
        ContentHash = "c0",
        Embedding = vector,
    };

    private async Task<VectorStoreException> ReadOnlyFailureAsync()
    {
        byte[] before = await File.ReadAllBytesAsync(StorePath, Ct);
        VectorStoreException failure = await Assert.ThrowsAsync<VectorStoreException>(() => OpenReadOnlyAsync());
        SqliteConnection.ClearAllPools();
        Assert.Contains(Path.GetFullPath(StorePath), failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(StorePath, Ct));
        return failure;
    }

    private async Task OpenReadOnlyAsync()
    {
        using KnowledgeStore store = SqliteKnowledgeStore.Open(StorePath, new SqliteStoreOptions { ReadOnly = true });
        _ = await store.GetEmbeddingModelAsync(Ct);
    }

    /// <summary>Opens the file read-write, stores a document, and reads it back through a second, read-only open.</summary>
    private async Task AssertWritableAsync()
    {
        using (KnowledgeStore store = SqliteKnowledgeStore.Open(StorePath))
        {
            Assert.Null(await store.GetEmbeddingModelAsync(Ct));
            await store.InitializeAsync(s_model, Ct);
            await store.UpsertDocumentAsync(Doc("a"), [Chunk("a", [1, 0, 0, 0])], Ct);
        }

        SqliteConnection.ClearAllPools();
        using KnowledgeStore reader = SqliteKnowledgeStore.Open(StorePath, new SqliteStoreOptions { ReadOnly = true });
        Assert.Equal(s_model, await reader.GetEmbeddingModelAsync(Ct));
        Assert.Single(await reader.SearchAsync(new ChunkSearchRequest { Keywords = "glacier" }, Ct));
    }
}
