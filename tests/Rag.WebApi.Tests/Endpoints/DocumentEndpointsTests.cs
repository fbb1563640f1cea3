// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Rag.WebApi.Endpoints;

namespace Rag.WebApi.Tests.Endpoints;

public sealed class DocumentEndpointsTests(KnowledgeServiceFactory factory) : IClassFixture<KnowledgeServiceFactory>, IDisposable
{
    private readonly HttpClient _client = factory.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Upload_SupportedFile_IsListedIndexedAndDeletable()
    {
        // Arrange
        CancellationToken ct = TestContext.Current.CancellationToken;
        const string name = "travel-policy.md";
        await KnowledgeApi.UploadAndIngestAsync(_client, name, "# Travel\n\nTrain travel under four hours is preferred over flying.\n", ct);

        // Act
        IReadOnlyList<DocumentDto>? documents = await _client.GetFromJsonAsync<IReadOnlyList<DocumentDto>>("/api/documents", ct);

        // Assert
        DocumentDto document = Assert.Single(documents!, d => d.Path == name);
        Assert.Equal("Indexed", document.Status);
        Assert.True(document.Chunks > 0);
        Assert.True(File.Exists(Path.Combine(factory.DocumentsFolder, name)));

        using HttpResponseMessage deleted = await _client.DeleteAsync(new Uri($"/api/documents/{Uri.EscapeDataString(document.Id)}", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(File.Exists(Path.Combine(factory.DocumentsFolder, name)));
        IReadOnlyList<DocumentDto>? after = await _client.GetFromJsonAsync<IReadOnlyList<DocumentDto>>("/api/documents", ct);
        Assert.DoesNotContain(after!, d => d.Path == name);
        IReadOnlyList<SourceDto>? hits = await _client.GetFromJsonAsync<IReadOnlyList<SourceDto>>("/api/search?q=train+travel+under+four+hours", ct);
        Assert.DoesNotContain(hits!, h => h.Path == name);
    }

    [Theory]
    [InlineData("segments")] // how the chat page sends it: each segment encoded, the '/' kept
    [InlineData("whole")] // the id through one EscapeDataString: the '/' sent as %2F
    public async Task Delete_DocumentInSubfolder_DeletesFileAndIndexEntries(string encoding)
    {
        // Arrange: a document the sync found in a subfolder of the documents folder (uploads are never nested).
        CancellationToken ct = TestContext.Current.CancellationToken;
        string path = $"policies-{encoding}/remote work.md";
        string file = Path.Combine(factory.DocumentsFolder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "# Remote work\n\nStaff may work remotely on Fridays with manager approval.\n", ct);
        using (HttpResponseMessage sync = await _client.PostAsync(new Uri("/api/ingestion", UriKind.Relative), null, ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);
        }

        await KnowledgeApi.WaitForIngestionAsync(_client, ct);
        IReadOnlyList<DocumentDto>? documents = await _client.GetFromJsonAsync<IReadOnlyList<DocumentDto>>("/api/documents", ct);
        DocumentDto document = Assert.Single(documents!, d => d.Path == path);
        string encoded = encoding == "whole" ? Uri.EscapeDataString(document.Id) : string.Join('/', document.Id.Split('/').Select(Uri.EscapeDataString));

        // Act
        using HttpResponseMessage deleted = await _client.DeleteAsync(new Uri($"/api/documents/{encoded}", UriKind.Relative), ct);

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(File.Exists(file));
        IReadOnlyList<DocumentDto>? after = await _client.GetFromJsonAsync<IReadOnlyList<DocumentDto>>("/api/documents", ct);
        Assert.DoesNotContain(after!, d => d.Path == path);
    }

    [Fact]
    public async Task Delete_UnknownId_Returns404ProblemDetails()
    {
        using HttpResponseMessage response = await _client.DeleteAsync(new Uri("/api/documents/no-such-id", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("../x.md")]
    [InlineData("..\\x.md")]
    [InlineData("/etc/passwd")]
    [InlineData("/tmp/escape.md")]
    [InlineData("a/../../b.md")]
    [InlineData("..")]
    [InlineData("bell\u0007.md")]
    [InlineData("new\nline.md")]
    [InlineData("nul\0.md")]
    [InlineData(".hidden.md")]
    public async Task Upload_UnsafeFileName_IsRejectedOrSanitisedIntoTheFolder(string fileName)
    {
        // Arrange
        CancellationToken ct = TestContext.Current.CancellationToken;
        string[] before = SnapshotOutsideDocuments();

        // Act
        using HttpResponseMessage response = await KnowledgeApi.UploadAsync(_client, fileName, "# Escape\n\nThis must stay inside the documents folder.\n", ct);

        // Assert: either refused as a client error, or saved under a bare name inside the documents folder.
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            UploadResult? result = await response.Content.ReadFromJsonAsync<UploadResult>(ct);
            string saved = Assert.Single(result!.Saved);
            Assert.Equal(Path.GetFileName(saved), saved);
            Assert.DoesNotContain("..", saved, StringComparison.Ordinal);
            Assert.DoesNotContain(saved, char.IsControl);
            Assert.True(File.Exists(Path.Combine(factory.DocumentsFolder, saved)));
        }
        else
        {
            Assert.InRange((int)response.StatusCode, 400, 499);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(before, SnapshotOutsideDocuments());
        Assert.False(File.Exists("/tmp/escape.md"));
        Assert.False(File.Exists(Path.Combine(factory.RootFolder, "x.md")));
        Assert.False(File.Exists(Path.Combine(factory.RootFolder, "b.md")));
    }

    [Fact]
    public async Task Upload_UnsupportedType_Returns415ProblemDetails()
    {
        using HttpResponseMessage response = await KnowledgeApi.UploadAsync(_client, "tool.exe", "MZ not really a program", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(415, problem.GetProperty("status").GetInt32());
        Assert.False(File.Exists(Path.Combine(factory.DocumentsFolder, "tool.exe")));
    }

    [Fact]
    public async Task Upload_UnsupportedType_ListsEachAcceptedTypeOnce()
    {
        using HttpResponseMessage response = await KnowledgeApi.UploadAsync(_client, "tool.exe", "MZ", TestContext.Current.CancellationToken);

        string detail = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetString()!;
        Assert.EndsWith("accepted types: .pdf, .docx, .xlsx, .pptx, .md, .markdown, .txt, .html, .htm, .csv, .json, .png, .jpg, .jpeg, .tif, .tiff.", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_AllowedExtensionsConfigured_ReplacesTheDefaultList()
    {
        // Arrange: ".md" alone, written the way people write it (upper case, without the dot, twice).
        CancellationToken ct = TestContext.Current.CancellationToken;
        await using WebApplicationFactory<Program> app = factory.WithWebHostBuilder(b => b
            .UseSetting("Knowledge:AllowedExtensions:0", ".md")
            .UseSetting("Knowledge:AllowedExtensions:1", "MD"));
        using HttpClient client = app.CreateClient();

        // Act
        using HttpResponseMessage markdown = await KnowledgeApi.UploadAsync(client, "allowed-only.md", "# Allowed\n\nMarkdown is accepted.\n", ct);
        using HttpResponseMessage text = await KnowledgeApi.UploadAsync(client, "default-type.txt", "A default type, no longer accepted.", ct);
        using HttpResponseMessage html = await KnowledgeApi.UploadAsync(client, "default-type.html", "<p>A default type, no longer accepted.</p>", ct);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, markdown.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, html.StatusCode);
        string detail = (await text.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("detail").GetString()!;
        Assert.EndsWith("accepted types: .md.", detail, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(factory.DocumentsFolder, "default-type.txt")));
    }

    [Fact]
    public async Task Upload_ExistingName_Returns409AndKeepsTheStoredDocument()
    {
        // Arrange
        CancellationToken ct = TestContext.Current.CancellationToken;
        const string name = "expenses-policy.md";
        const string original = "# Expenses\n\nClaims above 500 euros need a manager's approval.\n";
        await KnowledgeApi.UploadAndIngestAsync(_client, name, original, ct);

        // Act
        using HttpResponseMessage response = await KnowledgeApi.UploadAsync(_client, name, "# Expenses\n\nClaims above 500 euros need no approval.\n", ct);

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Contains("overwrite=true", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(name, Assert.Single(problem.GetProperty("existing").EnumerateArray()).GetString());
        Assert.Equal(original, await File.ReadAllTextAsync(Path.Combine(factory.DocumentsFolder, name), ct));
    }

    [Fact]
    public async Task Upload_ExistingNameWithOverwrite_ReplacesAndReindexesIt()
    {
        // Arrange
        CancellationToken ct = TestContext.Current.CancellationToken;
        const string name = "parking-policy.md";
        await KnowledgeApi.UploadAndIngestAsync(_client, name, "# Parking\n\nVisitors park on level minus two.\n", ct);
        const string replacement = "# Parking\n\nVisitors park in the Heliotrope garage beside the main gate.\n";

        // Act
        using HttpResponseMessage response = await KnowledgeApi.UploadAsync(_client, name, replacement, overwrite: true, ct);
        await KnowledgeApi.WaitForIngestionAsync(_client, ct);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(replacement, await File.ReadAllTextAsync(Path.Combine(factory.DocumentsFolder, name), ct));
        IReadOnlyList<SourceDto>? hits = await _client.GetFromJsonAsync<IReadOnlyList<SourceDto>>("/api/search?q=Heliotrope+garage", ct);
        Assert.Contains(hits!, h => h.Path == name && h.Text.Contains("Heliotrope", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_SameNameTwiceInOneRequest_Returns400AndSavesNeither()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var form = new MultipartFormDataContent
        {
            { new StringContent("# One\n"), "files", "twice.md" },
            { new StringContent("# Two\n"), "files", "twice.md" },
        };

        using HttpResponseMessage response = await _client.PostAsync(new Uri("/api/documents", UriKind.Relative), form, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("twice.md", (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(factory.DocumentsFolder, "twice.md")));
    }

    [Fact]
    public async Task Upload_LargerThanLimit_IsRejectedAndNotSaved()
    {
        string large = new('x', (int)factory.MaxUploadBytes + 1024);

        using HttpResponseMessage response = await KnowledgeApi.UploadAsync(_client, "large.txt", large, TestContext.Current.CancellationToken);

        Assert.True(
            response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest,
            $"Expected 413 or 400, got {(int)response.StatusCode}.");
        Assert.False(File.Exists(Path.Combine(factory.DocumentsFolder, "large.txt")));
    }

    [Fact]
    public async Task Upload_NoFiles_Returns400ProblemDetails()
    {
        using var form = new MultipartFormDataContent { { new StringContent("value"), "other" } };

        using HttpResponseMessage response = await _client.PostAsync(new Uri("/api/documents", UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // Every file under the temporary root except the documents folder and the index (which the service owns).
    private string[] SnapshotOutsideDocuments() =>
        [.. Directory.EnumerateFiles(factory.RootFolder, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(factory.DocumentsFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.StartsWith(Path.Combine(factory.RootFolder, "index") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
}
