// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.LlamaSharp;

/// <summary>Counts tokens in the model's own tokenizer; the first call loads the model if it is not loaded yet.</summary>
internal sealed class LlamaTokenCounter(LlamaModelHost host) : ITokenCounter
{
    public int MaxTokens => host.ContextSize;

    public int CountTokens(string text) => host.CountTokens(text);
}
