// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;
using Rag.TestUtilities;

namespace Rag.Connectors.Sqlite.Tests.DependencyInjection;

public sealed class RegistrationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task UseSqliteStore_Resolved_IsLazySingletonWithOptions()
    {
        string path = Path.Combine(_directory.Path, "di.db");
        var services = new ServiceCollection();
        int configured = 0;

        new RagBuilder(services).UseSqliteStore(path, o =>
        {
            configured++;
            o.BusyTimeout = TimeSpan.FromSeconds(1);
        });
        bool existedBeforeResolve = File.Exists(path);
        using ServiceProvider provider = services.BuildServiceProvider();
        KnowledgeStore store = provider.GetRequiredService<KnowledgeStore>();
        await store.InitializeAsync(new EmbeddingModelInfo("m", 2), TestContext.Current.CancellationToken);

        Assert.False(existedBeforeResolve);
        Assert.Same(store, provider.GetRequiredService<KnowledgeStore>());
        Assert.Equal(1, configured);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void AddSqliteVectorStore_Resolved_ForwardsAbstraction()
    {
        var services = new ServiceCollection();

        services.AddSqliteVectorStore(Path.Combine(_directory.Path, "vs.db"));
        services.AddKeyedSqliteVectorStore("other", Path.Combine(_directory.Path, "vs2.db"));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<SqliteVectorStore>(), provider.GetRequiredService<VectorStore>());
        Assert.Same(provider.GetRequiredKeyedService<SqliteVectorStore>("other"), provider.GetRequiredKeyedService<VectorStore>("other"));
        Assert.NotSame(provider.GetRequiredService<VectorStore>(), provider.GetRequiredKeyedService<VectorStore>("other"));
    }
}
