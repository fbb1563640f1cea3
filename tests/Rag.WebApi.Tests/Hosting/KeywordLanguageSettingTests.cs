// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Rag.Connectors.Sqlite;

namespace Rag.WebApi.Tests.Hosting;

/// <summary>Knowledge:KeywordLanguage takes the keyword languages' names, unset keeps the index's own, and a wrong one stops the start with the choices.</summary>
public sealed class KeywordLanguageSettingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_KeywordLanguageSpanish_StemsSpanish_AndUnsetKeepsIt()
    {
        await using var factory = new KnowledgeServiceFactory();
        string indexPath = Path.Combine(factory.RootFolder, "index", "index.db");
        await using (WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b.UseSetting("Knowledge:KeywordLanguage", "Spanish")))
        {
            using HttpClient client = app.CreateClient();
            await KnowledgeApi.UploadAndIngestAsync(client, "apagar.md", "# Apagar\n\nPara apagar el sistema, el administrador ejecuta la orden systemctl poweroff.\n", Ct);

            Assert.NotEmpty(await SearchAsync(app, "apago")); // Porter would miss "apagar"
        }

        Assert.Equal(KeywordLanguage.Spanish, SqliteKnowledgeStore.ReadKeywordLanguage(indexPath));
        await using (WebApplicationFactory<Program> unset = factory.WithWebHostBuilder(_ => { }))
        {
            using HttpClient client = unset.CreateClient();
            await KnowledgeApi.WaitForIngestionAsync(client, Ct);

            Assert.NotEmpty(await SearchAsync(unset, "apago"));
        }

        Assert.Equal(KeywordLanguage.Spanish, SqliteKnowledgeStore.ReadKeywordLanguage(indexPath)); // unset: the index's own, not Auto
    }

    private static Task<IReadOnlyList<ChunkSearchResult>> SearchAsync(WebApplicationFactory<Program> app, string keywords) =>
        app.Services.GetRequiredService<KnowledgeStore>().SearchAsync(new ChunkSearchRequest { Keywords = keywords }, Ct);

    [Theory]
    [InlineData("klingon")]
    [InlineData("2")] // an enum's number is not a name
    public async Task Start_UnknownKeywordLanguage_FailsNamingTheSettingAndTheChoices(string name)
    {
        await using var factory = new KnowledgeServiceFactory();
        await using WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b.UseSetting("Knowledge:KeywordLanguage", name));

        Exception ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        string message = ex.ToString();
        Assert.Contains("Knowledge:KeywordLanguage", message, StringComparison.Ordinal);
        Assert.Contains("auto, english, spanish", message, StringComparison.Ordinal);
    }
}
