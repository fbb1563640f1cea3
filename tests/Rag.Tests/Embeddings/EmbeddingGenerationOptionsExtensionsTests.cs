// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.Tests.Embeddings;

public sealed class EmbeddingGenerationOptionsExtensionsTests
{
    [Fact]
    public void GetPurpose_NoOptions_IsDocument() =>
        Assert.Equal(EmbeddingPurpose.Document, ((EmbeddingGenerationOptions?)null).GetPurpose());

    [Fact]
    public void WithPurpose_Query_RoundTripsWithoutChangingTheOriginal()
    {
        var original = new EmbeddingGenerationOptions { Dimensions = 384 };

        EmbeddingGenerationOptions query = original.WithPurpose(EmbeddingPurpose.Query);

        Assert.Equal(EmbeddingPurpose.Query, query.GetPurpose());
        Assert.Equal(384, query.Dimensions);
        Assert.Equal(EmbeddingPurpose.Document, original.GetPurpose());
    }
}
