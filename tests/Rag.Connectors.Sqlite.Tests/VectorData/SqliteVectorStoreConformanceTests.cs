// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.VectorData;
using Rag.ConformanceTests.VectorData;
using Rag.TestUtilities;

namespace Rag.Connectors.Sqlite.Tests.VectorData;

public sealed class SqliteVectorStoreConformanceTests : VectorStoreConformanceTests, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private int _count;

    protected override VectorStore CreateEmptyVectorStore() => new SqliteVectorStore(Path.Combine(_directory.Path, $"vs{_count++}.db"));

    void IDisposable.Dispose()
    {
        Dispose();
        _directory.Dispose();
    }
}
