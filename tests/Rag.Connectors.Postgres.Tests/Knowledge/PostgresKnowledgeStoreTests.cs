// Copyright (c) Rag contributors. Licensed under the MIT License.

using Npgsql;

namespace Rag.Connectors.Postgres.Tests.Knowledge;

public sealed class PostgresKnowledgeStoreTests : PostgresStoreTests
{
    [Fact]
    public async Task InitializeAsync_NewSchema_RecordsSchemaVersionAndBuildsHnswIndex()
    {
        (KnowledgeStore store, string schema) = await CreateStoreAsync();

        await using NpgsqlConnection connection = await PostgresTestDatabase.DataSource.OpenConnectionAsync(Ct);
        int version = Convert.ToInt32(await ScalarAsync(connection, $"SELECT max(version) FROM \"{schema}\".rag_schema_version;"), System.Globalization.CultureInfo.InvariantCulture);
        string? index = await ScalarAsync(connection, $"SELECT indexdef FROM pg_indexes WHERE schemaname = '{schema}' AND indexname = 'chunks_embedding_hnsw';") as string;
        string? column = await ScalarAsync(connection, $"SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '\"{schema}\".chunks'::regclass AND attname = 'embedding';") as string;

        Assert.Equal(3, version);
        Assert.Contains("hnsw", index, StringComparison.Ordinal);
        Assert.Contains("vector_cosine_ops", index, StringComparison.Ordinal);
        Assert.Equal("vector(4)", column);
        Assert.NotNull(store);
    }

    [Fact]
    public async Task InitializeAsync_ReopenedWithSameModel_KeepsDocuments()
    {
        (KnowledgeStore first, string schema) = await CreateStoreAsync();
        DocumentRecord doc = Record("a", "a.md", 1);
        await first.UpsertDocumentAsync(doc, [Chunk(doc, 0, "alpha beta", [1, 0, 0, 0])], Ct);

        KnowledgeStore second = OpenStore(new PostgresStoreOptions { Schema = schema });
        await second.InitializeAsync(Model, Ct);

        Assert.Equal(["a"], (await second.GetDocumentsAsync(Ct)).Select(d => d.Id));
        Assert.Equal(Model, await second.GetEmbeddingModelAsync(Ct));
        var mismatch = await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() =>
            OpenStore(new PostgresStoreOptions { Schema = schema }).InitializeAsync(new EmbeddingModelInfo("test-model", 8), Ct));
        Assert.Equal(8, mismatch.Requested.Dimensions);
    }

    [Fact]
    public async Task InitializeAsync_SchemaFromNewerVersion_Throws()
    {
        (_, string schema) = await CreateStoreAsync();
        await using (NpgsqlConnection connection = await PostgresTestDatabase.DataSource.OpenConnectionAsync(Ct))
        {
            await ScalarAsync(connection, $"INSERT INTO \"{schema}\".rag_schema_version (version, description) VALUES (99, 'from the future');");
        }

        KnowledgeStore reopened = OpenStore(new PostgresStoreOptions { Schema = schema });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => reopened.InitializeAsync(Model, Ct));
        Assert.Contains("version 99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_TwoSchemas_AreIsolated()
    {
        (KnowledgeStore one, _) = await CreateStoreAsync();
        (KnowledgeStore two, _) = await CreateStoreAsync();
        DocumentRecord doc = Record("shared-id", "x.md", 1);
        await one.UpsertDocumentAsync(doc, [Chunk(doc, 0, "only in the first schema", [1, 0, 0, 0])], Ct);

        Assert.Single(await one.SearchAsync(new ChunkSearchRequest { Keywords = "first schema" }, Ct));
        Assert.Empty(await two.SearchAsync(new ChunkSearchRequest { Keywords = "first schema" }, Ct));
        Assert.Empty(await two.GetDocumentsAsync(Ct));
    }

    [Fact]
    public async Task SearchAsync_SelectiveFilterOverManyChunks_ReturnsTopFromFilteredDocument()
    {
        // The nearest 400 chunks belong to other documents; an HNSW scan that filtered after the fact would find none.
        (KnowledgeStore store, _) = await CreateStoreAsync();
        DocumentRecord noise = Record("noise", "noise/n.md", 400);
        await store.UpsertDocumentAsync(noise, [.. Enumerable.Range(0, 400).Select(i => Chunk(noise, i, "noise " + i, [1, i / 4000f, 0, 0]))], Ct);
        DocumentRecord target = Record("target", "target/t.md", 5);
        await store.UpsertDocumentAsync(target, [.. Enumerable.Range(0, 5).Select(i => Chunk(target, i, "target " + i, [0, 1, i / 10f, 0]))], Ct);

        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(
            new ChunkSearchRequest { Vector = new float[] { 1, 0, 0, 0 }, Top = 3, Filter = new ChunkFilter { PathPrefix = "target/" } }, Ct);

        Assert.Equal(["target#0", "target#1", "target#2"], results.Select(r => r.Chunk.Key));
        Assert.Equal(400, (await store.GetChunksAsync("noise", Ct)).Count);
    }

    [Fact]
    public async Task SearchAsync_Keywords_ScoresWithFts5Bm25Formula()
    {
        // Arrange: "apple" in 3 of 7 chunks; once in text, twice in text, once in the title (weight 2). No title otherwise.
        (KnowledgeStore store, _) = await CreateStoreAsync();
        (string Id, string? Title, string Text)[] rows =
        [
            ("d1", null, "apple banana cherry"), ("d2", null, "apple apple durian"), ("d3", "apple", "mango nectarine olive"),
            ("d4", null, "elderberry fig grape"), ("d5", null, "honeydew kiwi lemon"), ("d6", null, "papaya quince raspberry"),
            ("d7", null, "strawberry tangerine vanilla"),
        ];
        foreach ((string id, string? title, string text) in rows)
        {
            var doc = new DocumentRecord { Id = id, Path = id + ".md", Title = title, FileType = "md", ContentHash = "h-" + id, ChunkCount = 1 };
            await store.UpsertDocumentAsync(doc, [Chunk(doc, 0, text, [1, 0, 0, 0])], Ct);
        }

        // Act
        IReadOnlyList<ChunkSearchResult> results = await store.SearchAsync(new ChunkSearchRequest { Keywords = "apple" }, Ct);

        // Assert: BM25 with N = 7, n = 3, average length 3 distinct lexemes, k1 = 1.2, b = 0.75.
        double idf = Math.Log((7 - 3 + 0.5) / (3 + 0.5));
        static double Saturation(double tf, double length) => tf * 2.2 / (tf + (1.2 * (0.25 + (0.75 * length / 3))));
        Assert.Equal(["d2", "d3", "d1"], results.Select(r => r.Chunk.DocumentId));
        Assert.Equal(idf * Saturation(2, 2), results[0].KeywordScore!.Value, 5);
        Assert.Equal(idf * Saturation(2, 4), results[1].KeywordScore!.Value, 5);
        Assert.Equal(idf * Saturation(1, 3), results[2].KeywordScore!.Value, 5);
    }

    [Fact]
    public async Task UpsertDocumentAsync_LastModifiedWithOffsetAndTicks_RoundTripsExactly()
    {
        (KnowledgeStore store, _) = await CreateStoreAsync();
        var modified = new DateTimeOffset(638_000_000_000_000_123, TimeSpan.FromHours(-5));
        DocumentRecord doc = Record("t", "t.md", 0) is var r ? new DocumentRecord { Id = r.Id, Path = r.Path, ContentHash = r.ContentHash, LastModified = modified, Tags = ["a", "b"] } : null!;

        await store.UpsertDocumentAsync(doc, [], Ct);

        DocumentRecord stored = Assert.Single(await store.GetDocumentsAsync(Ct));
        Assert.Equal(modified.Ticks, stored.LastModified.Ticks);
        Assert.Equal(modified.Offset, stored.LastModified.Offset);
        Assert.Equal(["a", "b"], stored.Tags);
    }

    [Fact]
    public async Task UpsertDocumentAsync_OcrChunk_KeepsItsConfidence()
    {
        (KnowledgeStore store, _) = await CreateStoreAsync();
        var scanned = new DocumentChunk
        {
            DocumentId = "scan", Index = 0, Text = "scanned invoice text", Path = "scan.md", ContentHash = "c0", Embedding = new float[] { 1, 0, 0, 0 }, PageNumber = 2, OcrConfidence = 0.93,
        };
        await store.UpsertDocumentAsync(Record("scan", "scan.md", 1), [scanned], Ct);
        DocumentRecord typed = Record("typed", "typed.md", 1);
        await store.UpsertDocumentAsync(typed, [Chunk(typed, 0, "typed invoice text", [1, 0, 0, 0])], Ct);

        IReadOnlyList<DocumentChunk> stored = await store.GetChunksAsync("scan", Ct);
        IReadOnlyList<ChunkSearchResult> found = await store.SearchAsync(new ChunkSearchRequest { Keywords = "invoice", Vector = new float[] { 1, 0, 0, 0 } }, Ct);

        Assert.Equal(0.93, Assert.Single(stored).OcrConfidence);
        Assert.Equal(2, stored[0].PageNumber);
        Assert.Equal(0.93, found.Single(r => r.Chunk.DocumentId == "scan").Chunk.OcrConfidence);
        Assert.Null(found.Single(r => r.Chunk.DocumentId == "typed").Chunk.OcrConfidence);
    }

    [Fact]
    public async Task UpsertDocumentAsync_WrongDimensions_ThrowsAndKeepsOldVersion()
    {
        (KnowledgeStore store, _) = await CreateStoreAsync();
        DocumentRecord doc = Record("d", "d.md", 1);
        await store.UpsertDocumentAsync(doc, [Chunk(doc, 0, "kept", [1, 0, 0, 0])], Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertDocumentAsync(doc, [Chunk(doc, 0, "bad", [1, 0])], Ct));

        Assert.Equal(["kept"], (await store.GetChunksAsync("d", Ct)).Select(c => c.Text));
    }

    [Fact]
    public async Task UpsertDocumentAsync_ManyChunksOverSeveralInsertStatements_StoresAllInOrder()
    {
        (KnowledgeStore store, _) = await CreateStoreAsync(o => o.InsertBatchSize = 7);
        DocumentRecord doc = Record("big", "big.md", 50);

        await store.UpsertDocumentAsync(doc, [.. Enumerable.Range(0, 50).Select(i => Chunk(doc, i, "chunk " + i, [1, i, 0, 0]))], Ct);

        IReadOnlyList<DocumentChunk> chunks = await store.GetChunksAsync("big", Ct);
        Assert.Equal(Enumerable.Range(0, 50), chunks.Select(c => c.Index));
        Assert.Equal("chunk 49", chunks[49].Text);
    }

    [Fact]
    public async Task ConcurrentWritersAndReaders_TwoNodesReplacingSameDocuments_ReadersNeverSeeMixedVersions()
    {
        // Arrange: two store instances ("nodes") on one schema; each version v of a document has (v % 3) + 1 chunks tagged "v{v}".
        (KnowledgeStore nodeA, string schema) = await CreateStoreAsync();
        KnowledgeStore nodeB = OpenStore(new PostgresStoreOptions { Schema = schema });
        await nodeB.InitializeAsync(Model, Ct);
        string[] ids = ["d0", "d1", "d2"];
        const int VersionsPerWriter = 8;
        int writersDone = 0;
        var violations = new System.Collections.Concurrent.ConcurrentBag<string>();
        int reads = 0;

        async Task WriteAsync(KnowledgeStore node, int writer)
        {
            for (int i = 0; i < VersionsPerWriter; i++)
            {
                int version = (writer * 100) + i;
                string id = ids[(writer + i) % ids.Length];
                DocumentRecord doc = Record(id, id + ".md", (version % 3) + 1);
                await node.UpsertDocumentAsync(doc, [.. Enumerable.Range(0, (version % 3) + 1).Select(c => Chunk(doc, c, $"v{version} shared words", [1, c, version, 0]))], Ct);
            }

            Interlocked.Increment(ref writersDone);
        }

        async Task ReadAsync(KnowledgeStore node)
        {
            while (Volatile.Read(ref writersDone) < 4)
            {
                foreach (string id in ids)
                {
                    IReadOnlyList<DocumentChunk> chunks = await node.GetChunksAsync(id, Ct);
                    CheckConsistent(id, chunks, violations);
                }

                IReadOnlyList<ChunkSearchResult> hits = await node.SearchAsync(new ChunkSearchRequest { Keywords = "shared words", Vector = new float[] { 1, 0, 0, 0 }, Top = 50 }, Ct);
                foreach (IGrouping<string, DocumentChunk> group in hits.Select(h => h.Chunk).GroupBy(c => c.DocumentId))
                {
                    CheckConsistent(group.Key, [.. group], violations);
                }

                Interlocked.Increment(ref reads);
            }
        }

        // Act
        await Task.WhenAll(
            Task.Run(() => WriteAsync(nodeA, 0), Ct), Task.Run(() => WriteAsync(nodeB, 1), Ct), Task.Run(() => WriteAsync(nodeA, 2), Ct), Task.Run(() => WriteAsync(nodeB, 3), Ct),
            Task.Run(() => ReadAsync(nodeA), Ct), Task.Run(() => ReadAsync(nodeB), Ct), Task.Run(() => ReadAsync(nodeA), Ct));

        // Assert
        Assert.Empty(violations);
        Assert.True(reads > 0);
        IReadOnlyList<DocumentRecord> documents = await nodeA.GetDocumentsAsync(Ct);
        Assert.Equal(ids, documents.Select(d => d.Id));
        foreach (DocumentRecord document in documents)
        {
            IReadOnlyList<DocumentChunk> chunks = await nodeB.GetChunksAsync(document.Id, Ct);
            Assert.Equal(document.ChunkCount, chunks.Count);
            CheckConsistent(document.Id, chunks, violations);
        }

        Assert.Empty(violations);
    }

    private static void CheckConsistent(string id, IReadOnlyList<DocumentChunk> chunks, System.Collections.Concurrent.ConcurrentBag<string> violations)
    {
        if (chunks.Count == 0)
        {
            return;
        }

        string[] versions = [.. chunks.Select(c => c.Text.Split(' ')[0]).Distinct()];
        if (versions.Length != 1)
        {
            violations.Add($"{id}: mixed versions {string.Join(", ", versions)}");
            return;
        }

        int version = int.Parse(versions[0][1..], System.Globalization.CultureInfo.InvariantCulture);
        if (chunks.Select(c => c.Index).Distinct().Count() != chunks.Count || chunks.Count > (version % 3) + 1)
        {
            violations.Add($"{id}: {chunks.Count} chunks for version {version}");
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }

    private static DocumentRecord Record(string id, string path, int chunks) => new()
    {
        Id = id,
        Path = path,
        Title = "Title " + id,
        FileType = "md",
        ContentHash = "h-" + id,
        ChunkCount = chunks,
    };

    private static DocumentChunk Chunk(DocumentRecord document, int index, string text, float[] embedding) => new()
    {
        DocumentId = document.Id,
        Index = index,
        Text = text,
        Path = document.Path,
        Title = document.Title,
        ContentHash = "c" + index,
        FileType = "md",
        Embedding = embedding,
    };
}
