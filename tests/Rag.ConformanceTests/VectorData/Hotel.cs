// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.VectorData;

namespace Rag.ConformanceTests.VectorData;

/// <summary>The attribute-model record of the conformance suite.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
public sealed class Hotel<TKey>
{
    [VectorStoreKey]
    public TKey Id { get; set; } = default!;

    [VectorStoreData(IsIndexed = true)]
    public string Name { get; set; } = string.Empty;

    [VectorStoreData]
    public int Rating { get; set; }

    [VectorStoreData]
    public bool Parking { get; set; }

    [VectorStoreData(IsFullTextIndexed = true)]
    public string Description { get; set; } = string.Empty;

    [VectorStoreData]
    public string[] Tags { get; set; } = [];

    [VectorStoreData]
    public DateTimeOffset Opened { get; set; }

    [VectorStoreVector(4)]
    public ReadOnlyMemory<float>? Embedding { get; set; }
}
