// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Rag.TestUtilities;

namespace Rag.WebApi.Tests.ChatPage;

/// <summary>
/// The chat page in a real browser: headless Chromium (Debian's <c>chromium</c> package) driven by <c>playwright-core</c>
/// from npm on Node. The service listens on a loopback port; the scripts in <c>browser/</c> do the clicking, and play
/// the page of another origin that tries to write through the user's browser.
/// </summary>
public sealed class ChatPageBrowserTests
{
    private static string ChromiumPath => Environment.GetEnvironmentVariable("RAG_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    [Fact]
    public async Task ChatPage_UploadAskAndOpenCitation_ShowsStreamedAnswerAndSourcePassage()
    {
        // Arrange: the tools (skip outside CI when absent; CI must have them), then the service on a real port.
        CancellationToken ct = TestContext.Current.CancellationToken;
        TestEnvironment.RequireResource(ChromiumPath);
        await using var factory = new KnowledgeServiceFactory();
        string url = StartOnLoopback(factory);

        using var upload = new TemporaryDirectory();
        string document = upload.WriteFile(SampleDocument.FileName, SampleDocument.Content);
        string screenshot = Path.Combine(TestEnvironment.RepositoryRoot, "artifacts", "test-results", "chat-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        // Act
        (int exitCode, string output) = await NodeScripts.RunAsync("chat-page.mjs", [url, screenshot, document, SampleDocument.Question, SampleDocument.AnswerPhrase], ct);

        // Assert: the script checked the page; the files it reports on must agree with the service's state.
        Assert.True(exitCode == 0, $"The browser script failed (exit {exitCode}); screenshot: {screenshot}\n{output}");
        Assert.Contains("\"ok\":true", output, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot is missing or blank.");
        Assert.True(File.Exists(Path.Combine(factory.DocumentsFolder, SampleDocument.FileName)), "The page's upload did not reach the documents folder.");
    }

    [Fact]
    public async Task PageOfAnotherOrigin_TriesUploadAndFormPost_BothRefused()
    {
        // Arrange
        CancellationToken ct = TestContext.Current.CancellationToken;
        TestEnvironment.RequireResource(ChromiumPath);
        await using var factory = new KnowledgeServiceFactory();
        string url = StartOnLoopback(factory);

        // Act: the script serves the other origin's page itself, opens it, and reports the statuses the browser saw.
        (int exitCode, string output) = await NodeScripts.RunAsync("cross-site.mjs", [url], ct);

        // Assert: both writes reached the service and were refused; the control write from its own page was not.
        Assert.True(exitCode == 0, $"The browser script failed (exit {exitCode}):\n{output}");
        Assert.Contains("\"upload\":403", output, StringComparison.Ordinal);
        Assert.Contains("\"ingest\":403", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(factory.DocumentsFolder, "expenses-update.md")), "The other origin's upload was saved.");
        Assert.True(File.Exists(Path.Combine(factory.DocumentsFolder, "own-page.md")), "The service's own page could not upload.");
    }

    [Fact]
    public async Task ChatPage_ConversationOverTheHistoryBudget_TrimsOldestTurnsWithNote_AndEllipsisesLongNames()
    {
        // Arrange: a history budget a few turns exceed, and a document name far wider than the documents panel.
        CancellationToken ct = TestContext.Current.CancellationToken;
        TestEnvironment.RequireResource(ChromiumPath);
        await using var factory = new ShortHistoryServiceFactory();
        string url = StartOnLoopback(factory);
        using var upload = new TemporaryDirectory();
        string document = upload.WriteFile(SampleDocument.FileName, SampleDocument.Content);
        string longName = $"{new string('q', 150)}-{SampleDocument.FileName}";

        // Act
        (int exitCode, string output) = await NodeScripts.RunAsync(
            "chat-history.mjs", [url, document, longName, SampleDocument.Question, ShortHistoryServiceFactory.HistoryBudget.ToString(CultureInfo.InvariantCulture)], ct);

        // Assert: every ask within the budget was answered (the script checks each), and the upload is the long name.
        Assert.True(exitCode == 0, $"The browser script failed (exit {exitCode}):\n{output}");
        Assert.Contains("\"ok\":true", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(factory.DocumentsFolder, longName)), "The long-named upload did not reach the documents folder.");
    }

    [Fact]
    public async Task ChatPage_KeyRefusedUploadFailedIngestionAndSubfolderDelete_KeepsKeyForSessionAndShowsEachOutcome()
    {
        // Arrange: a service that requires a key, with a document the sync found in a subfolder.
        CancellationToken ct = TestContext.Current.CancellationToken;
        TestEnvironment.RequireResource(ChromiumPath);
        await using var factory = new ApiKeyServiceFactory();
        string url = StartOnLoopback(factory);
        const string nested = "handbook/leave policy.md";
        string nestedFile = Path.Combine(factory.DocumentsFolder, nested);
        Directory.CreateDirectory(Path.GetDirectoryName(nestedFile)!);
        await File.WriteAllTextAsync(nestedFile, SampleDocument.Content, ct);
        using HttpClient client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKeyServiceFactory.Key);
        using (HttpResponseMessage sync = await client.PostAsync(new Uri("/api/ingestion", UriKind.Relative), null, ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);
        }

        await KnowledgeApi.WaitForIngestionAsync(client, ct);

        // Act: the script checks the key's storage, each upload's message and the delete on the page.
        (int exitCode, string output) = await NodeScripts.RunAsync("chat-failures.mjs", [url, ApiKeyServiceFactory.Key, nested], ct);

        // Assert: and the service agrees: the refused upload was not saved, the broken one failed, the nested one is gone.
        Assert.True(exitCode == 0, $"The browser script failed (exit {exitCode}):\n{output}");
        Assert.Contains("\"ok\":true", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(factory.DocumentsFolder, "payload.exe")), "The refused upload was saved.");
        Assert.False(File.Exists(nestedFile), "The page's delete left the subfolder's document on disk.");
    }

    // Starts the service on a loopback port of its choosing; returns its address.
    private static string StartOnLoopback(KnowledgeServiceFactory factory)
    {
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        string url = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
        return url;
    }

    // The service with a history budget of a few turns of the sample's answers.
    private sealed class ShortHistoryServiceFactory : KnowledgeServiceFactory
    {
        public const int HistoryBudget = 400;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Knowledge:MaxHistoryLength", HistoryBudget.ToString(CultureInfo.InvariantCulture));
        }
    }
}
