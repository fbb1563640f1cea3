// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.WebApi.OpenAICompatible;

/// <summary>The models this node serves at <c>/v1</c>: its local chat model (if it runs one) and its embedding model, by the ids their clients report.</summary>
internal sealed class LocalModels
{
    public LocalModels(IServiceProvider services, KnowledgeServiceOptions options)
    {
        // Only a local GGUF model is served: a node whose chat model is itself remote must not proxy it.
        ChatClient = options.ModelPath is { Length: > 0 } ? services.GetService<IChatClient>() : null;
        ChatModelId = ChatClient?.GetService<ChatClientMetadata>()?.DefaultModelId;
        Embeddings = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        EmbeddingGeneratorMetadata? metadata = Embeddings.GetService<EmbeddingGeneratorMetadata>();
        EmbeddingModelId = metadata?.DefaultModelId ?? "embeddings";
        EmbeddingDimensions = metadata?.DefaultModelDimensions;
    }

    /// <summary>Gets the local chat model, or <see langword="null"/> when the node has none.</summary>
    public IChatClient? ChatClient { get; }

    /// <summary>Gets the id the chat model is served under.</summary>
    public string? ChatModelId { get; }

    /// <summary>Gets the local embedding model.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Embeddings { get; }

    /// <summary>Gets the id the embedding model is served under (the id the knowledge store records).</summary>
    public string EmbeddingModelId { get; }

    /// <summary>Gets the embedding model's vector length, when its generator reports it.</summary>
    public int? EmbeddingDimensions { get; }

    /// <summary>Gets every served model id.</summary>
    public IEnumerable<string> Ids => ChatModelId is null ? [EmbeddingModelId] : [ChatModelId, EmbeddingModelId];
}
