// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using Rag.TestUtilities;

namespace Rag.WebApi.Tests.Hosting;

/// <summary>The sample started from another folder still finds its own: the chat page and appsettings.json.</summary>
public sealed class ContentRootTests
{
    [Fact]
    public async Task Sample_StartedFromAnotherFolder_ServesThePageAndReadsItsSettings()
    {
        // Arrange: the working folder is a fresh temporary one, holding neither wwwroot nor appsettings.json.
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var folder = new TemporaryDirectory();
        await using SampleProcess sample = await SampleProcess.StartAsync(folder.Path, ct);
        using var client = new HttpClient { BaseAddress = sample.Address };

        // Act
        using HttpResponseMessage page = await client.GetAsync(new Uri("/", UriKind.Relative), ct);
        using var foreignHost = new HttpRequestMessage(HttpMethod.Get, "/health") { Headers = { Host = "evil.example" } };
        using HttpResponseMessage filtered = await client.SendAsync(foreignHost, ct);

        // Assert: the page comes from the app's folder; appsettings.json's AllowedHosts filter is on.
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET / returned {(int)page.StatusCode}.\n{sample.Output}");
        Assert.Contains("id=\"ask-form\"", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, filtered.StatusCode);
        Assert.Contains("Content root path: " + Path.GetDirectoryName(SampleProcess.SampleAssembly), sample.Output, StringComparison.Ordinal);
        Assert.Contains("Knowledge:ApiKey is not set", sample.Output, StringComparison.Ordinal);
    }
}
