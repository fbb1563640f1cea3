// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Ingestion;

/// <summary>A fallback token counter (about 4 characters per token) for embedding generators that expose no <see cref="ITokenCounter"/>.</summary>
internal sealed class ApproximateTokenCounter : ITokenCounter
{
    public int MaxTokens => 512;

    public int CountTokens(string text) => (text.Length + 3) / 4;
}
