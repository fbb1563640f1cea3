// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.DependencyInjection;
using Rag.TestUtilities;

namespace Rag.IntegrationTests;

/// <summary>The SDK composed as an application composes it (AddRag + connectors) over a temporary index.</summary>
internal sealed class LocalKnowledgeBase : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly TemporaryDirectory _directory = new();

    public LocalKnowledgeBase(string? modelPath = null, Action<RagOptions>? configure = null)
    {
        var services = new ServiceCollection();
        RagBuilder rag = services.AddRag(configure)
            .UseOnnxEmbeddings()
            .UseSqliteStore(Path.Combine(_directory.Path, "index.db"))
            .UsePdfReader()
            .UseOpenXmlReader();
        if (modelPath is not null)
        {
            rag.UseLlamaSharp(o =>
            {
                o.ModelPath = modelPath;
                o.Threads = 1;
            });
        }

        _services = services.BuildServiceProvider();
    }

    public KnowledgeBase KnowledgeBase => _services.GetRequiredService<KnowledgeBase>();

    public DocumentIngestor Ingestor => _services.GetRequiredService<DocumentIngestor>();

    public KnowledgeStore Store => _services.GetRequiredService<KnowledgeStore>();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _directory.Dispose();
    }
}
