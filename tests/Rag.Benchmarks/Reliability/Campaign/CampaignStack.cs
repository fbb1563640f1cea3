// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Rag.TestUtilities;

namespace Rag.Reliability;

/// <summary>Composes the SDK for the reliability campaign exactly as an application does, through <c>AddRag()</c>.</summary>
internal static class CampaignStack
{
    /// <summary>The real stack: ONNX embeddings, the SQLite store at <paramref name="databasePath"/>, PDF and Word readers.</summary>
    public static ServiceProvider Real(string databasePath, IChatClient? chat = null)
    {
        var services = new ServiceCollection();
        services.AddRag().UseOnnxEmbeddings().UseSqliteStore(databasePath).UsePdfReader().UseOpenXmlReader();
        if (chat is not null)
        {
            services.AddSingleton(chat);
        }

        return services.BuildServiceProvider();
    }

    /// <summary>A light stack for reader fuzzing and prompt checks: hashing embeddings, an in-memory store, every reader.</summary>
    public static ServiceProvider Light(IChatClient? chat = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<KnowledgeStore>(new InMemoryKnowledgeStore());
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashingEmbeddingGenerator());
        services.AddRag(o =>
        {
            o.Retrieval.MinRelevance = 0;
            o.Retrieval.MinRelevanceWithoutKeywordMatch = 0;
        }).UsePdfReader().UseOpenXmlReader();
        if (chat is not null)
        {
            services.AddSingleton(chat);
        }

        return services.BuildServiceProvider();
    }
}
