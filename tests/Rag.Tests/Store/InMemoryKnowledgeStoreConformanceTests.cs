// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.ConformanceTests.Store;
using Rag.TestUtilities;

namespace Rag.Tests.Store;

/// <summary>The in-memory store behind the core tests shows the behaviour every store must show.</summary>
public sealed class InMemoryKnowledgeStoreConformanceTests : KnowledgeStoreConformanceTests
{
    protected override KnowledgeStore CreateEmptyStore() => new InMemoryKnowledgeStore();
}
