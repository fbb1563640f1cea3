// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Rag.Connectors.Postgres.Tests.DependencyInjection;

public sealed class RegistrationTests
{
    [Fact]
    public void UsePostgresStore_Resolved_IsLazySingletonWithOptions()
    {
        var services = new ServiceCollection();
        int configured = 0;

        // Nothing listens on port 1: resolving must not connect.
        new RagBuilder(services).UsePostgresStore("Host=127.0.0.1;Port=1;Username=u;Password=p", o =>
        {
            configured++;
            o.Schema = "kb";
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        KnowledgeStore store = provider.GetRequiredService<KnowledgeStore>();

        Assert.Same(store, provider.GetRequiredService<KnowledgeStore>());
        Assert.Equal(1, configured);
    }

    [Fact]
    public void UsePostgresStore_InvalidOptions_ThrowsOnResolve()
    {
        var services = new ServiceCollection();
        new RagBuilder(services).UsePostgresStore("Host=127.0.0.1", o => o.TextSearchConfiguration = "english'; DROP");
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<KnowledgeStore>());
        Assert.Contains(nameof(PostgresStoreOptions.TextSearchConfiguration), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(101.0)]
    [InlineData(double.NaN)]
    public void Create_WeightOutOfRange_Throws(double weight) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PostgresKnowledgeStore.Create("Host=127.0.0.1", new PostgresStoreOptions { TitleWeight = weight }));
}
