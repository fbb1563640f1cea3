// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
    public async Task UseSqliteStore_OptionsConfiguredInTheContainer_ReachTheStoreAfterTheCallback()
    {
        // Arrange: the registration's callback, then the application's own configuration of the same options.
        string path = Path.Combine(_directory.Path, "missing.db");
        var services = new ServiceCollection();
        new RagBuilder(services).UseSqliteStore(path, o => o.ReadOnly = false);
        services.Configure<SqliteStoreOptions>(o => o.ReadOnly = true);
        using ServiceProvider provider = services.BuildServiceProvider();

        KnowledgeStore store = provider.GetRequiredService<KnowledgeStore>();

        // Act: a read-only store is never created, so opening a missing file fails.
        VectorStoreException ex = await Assert.ThrowsAsync<VectorStoreException>(
            () => store.InitializeAsync(new EmbeddingModelInfo("m", 2), TestContext.Current.CancellationToken));

        // Assert
        Assert.Contains("SqliteStoreOptions.ReadOnly", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void UseSqliteStore_OptionOutOfRange_FailsAtFirstResolveNamingTheField()
    {
        var services = new ServiceCollection();
        new RagBuilder(services).UseSqliteStore(Path.Combine(_directory.Path, "di.db"));
        services.Configure<SqliteStoreOptions>(o => o.TitleWeight = -1);
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<KnowledgeStore>());

        Assert.Contains("SqliteStoreOptions", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TitleWeight", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory.Path, "di.db")));
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
