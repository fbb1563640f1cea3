// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using LLama;
using LLama.Native;

namespace Rag.Connectors.LlamaSharp;

/// <summary>One pooled llama.cpp context (its own KV cache) and the tokens its cache holds, in order, for sequence 0.</summary>
/// <remarks>Used by one request at a time: the pool hands it out and takes it back.</remarks>
internal sealed class ContextSlot : IDisposable
{
    public ContextSlot(LLamaContext context)
    {
        Context = context;
    }

    public LLamaContext Context { get; }

    /// <summary>Gets the tokens held in the KV cache, positions 0..Count-1.</summary>
    public List<LLamaToken> CachedTokens { get; } = [];

    /// <summary>Returns how many leading tokens of <paramref name="prompt"/> are already in the cache.</summary>
    public int CommonPrefixLength(IReadOnlyList<LLamaToken> prompt)
    {
        int n = Math.Min(prompt.Count, CachedTokens.Count);
        int i = 0;
        while (i < n && CachedTokens[i] == prompt[i])
        {
            i++;
        }

        return i;
    }

    /// <summary>Keeps the first <paramref name="keep"/> cached tokens and evicts the rest from the KV cache.</summary>
    public void TruncateCache(int keep)
    {
        if (keep <= 0)
        {
            Context.NativeHandle.MemoryClear(data: false);
            CachedTokens.Clear();
            return;
        }

        if (keep < CachedTokens.Count)
        {
            Context.NativeHandle.MemorySequenceRemove(LLamaSeqId.Zero, keep, -1);
            CachedTokens.RemoveRange(keep, CachedTokens.Count - keep);
        }
    }

    public void Dispose() => Context.Dispose();
}
