// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.ConformanceTests.Store;
using Rag.TestUtilities;

namespace Rag.Connectors.Sqlite.Tests.Knowledge;

public sealed class SqliteKnowledgeStoreConformanceTests : KnowledgeStoreConformanceTests
{
    private readonly TemporaryDirectory _directory = new();
    private int _count;

    protected override KnowledgeStore CreateEmptyStore() => SqliteKnowledgeStore.Open(Path.Combine(_directory.Path, $"kb{_count++}.db"));

    protected override void Dispose(bool disposing)
    {
        _directory.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class SqliteFloatKnowledgeStoreConformanceTests : KnowledgeStoreConformanceTests
{
    private readonly TemporaryDirectory _directory = new();
    private int _count;

    protected override KnowledgeStore CreateEmptyStore() =>
        SqliteKnowledgeStore.Open(Path.Combine(_directory.Path, $"kb{_count++}.db"), new SqliteStoreOptions { QuantizeVectors = false });

    protected override void Dispose(bool disposing)
    {
        _directory.Dispose();
        base.Dispose(disposing);
    }
}
