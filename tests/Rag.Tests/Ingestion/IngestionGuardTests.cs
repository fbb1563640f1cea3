// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Ingestion;
using Rag.TestUtilities;
using static Rag.Tests.Ingestion.IngestionTestSupport;

namespace Rag.Tests.Ingestion;

/// <summary>What a sync must not do to an index when the folder looks wrong: drop documents it cannot see, or stop on one bad ignore line.</summary>
public sealed class IngestionGuardTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();
    private readonly InMemoryKnowledgeStore _store = new();
    private readonly HashingEmbeddingGenerator _generator = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    /// <summary>An ingestor whose folder listing fails for the relative folders in <paramref name="unreadable"/>, as a permission change or a dead mount does (root ignores permissions, so they are not used).</summary>
    private DocumentIngestor CreateIngestor(params string[] unreadable) => new(_store, _generator)
    {
        ListFolderEntries = directory =>
        {
            string relative = Path.GetRelativePath(_folder.Path, directory.FullName).Replace('\\', '/');
            return unreadable.Contains(relative == "." ? string.Empty : relative)
                ? throw new UnauthorizedAccessException($"Access to the path '{directory.FullName}' is denied.")
                : FolderScanner.ListEntries(directory);
        },
    };

    [Fact]
    public async Task ReembedFolderAsync_FolderEmptiedLikeAnUnmountedShare_RefusesAndKeepsEveryDocument()
    {
        // Arrange: the synced folder itself is the mount point, empty now.
        WriteSampleFolder(_folder);
        await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        string before = await SnapshotAsync(_store);
        foreach (string entry in Directory.EnumerateFileSystemEntries(_folder.Path))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }

        // Act
        MassDeletionException refused = await Assert.ThrowsAsync<MassDeletionException>(() => CreateIngestor().ReembedFolderAsync(_folder.Path, cancellationToken: Ct));

        // Assert
        Assert.Contains("the synced folder, which is empty now", refused.Message, StringComparison.Ordinal);
        Assert.Equal(6, refused.Paths.Count);
        Assert.Equal(before, await SnapshotAsync(_store));
    }

    [Fact]
    public async Task ReembedFolderAsync_AllowMassDeletion_RebuildsFromWhatIsThere()
    {
        WriteSampleFolder(_folder);
        await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        Directory.Delete(Path.Combine(_folder.Path, "data"), recursive: true);
        Directory.CreateDirectory(Path.Combine(_folder.Path, "data"));

        FolderSyncResult result = await CreateIngestor().ReembedFolderAsync(_folder.Path, new IngestionOptions { AllowMassDeletion = true }, cancellationToken: Ct);

        Assert.True(result.Reembedded);
        Assert.Equal(["docs/policy.html", "notes.txt", "readme.md", "src/Program.cs"], (await _store.GetDocumentsAsync(Ct)).Select(r => r.Id));
    }

    [Fact]
    public async Task SyncFolderAsync_SubfolderCannotBeListed_KeepsItsDocumentsAndReportsIt()
    {
        // Arrange
        WriteSampleFolder(_folder);
        await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        string before = await SnapshotAsync(_store);

        // Act
        FolderSyncResult result = await CreateIngestor("data").SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        // Assert
        Assert.Equal(["data"], result.UnreadableFolders);
        Assert.Equal(["data/config.json", "data/people.csv"], result.Missing.Order(StringComparer.Ordinal));
        Assert.Empty(result.Deleted);
        Assert.Equal(before, await SnapshotAsync(_store));
    }

    [Fact]
    public async Task ReembedFolderAsync_SubfolderCannotBeListed_RefusesAndKeepsEveryDocument()
    {
        WriteSampleFolder(_folder);
        await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        string before = await SnapshotAsync(_store);

        MassDeletionException refused = await Assert.ThrowsAsync<MassDeletionException>(() => CreateIngestor("data").ReembedFolderAsync(_folder.Path, cancellationToken: Ct));

        Assert.Contains("could not be listed", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'data/'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(_store));
    }

    [Fact]
    public async Task SyncFolderAsync_QuerySyncOfAnEmptiedFolder_DeletesNothingAndListsTheMissing()
    {
        WriteSampleFolder(_folder);
        await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        string before = await SnapshotAsync(_store);
        Directory.Delete(Path.Combine(_folder.Path, "docs"), recursive: true);
        File.Delete(Path.Combine(_folder.Path, "notes.txt"));

        FolderSyncResult result = await CreateIngestor().SyncFolderAsync(_folder.Path, new IngestionOptions { DeleteMissingDocuments = false }, cancellationToken: Ct);

        Assert.Empty(result.Deleted);
        Assert.Equal(["docs/policy.html", "notes.txt"], result.Missing.Order(StringComparer.Ordinal));
        Assert.Equal(before, await SnapshotAsync(_store));
    }

    [Theory]
    [InlineData("[z-a].md", "runs backwards")]
    [InlineData("[!]", "is empty")]
    [InlineData("docs/[^]/x", "is empty")]
    public async Task SyncFolderAsync_BadIgnoreLine_IsReportedWithFileAndLineAndTheOtherLinesApply(string badLine, string reason)
    {
        // Arrange
        WriteSampleFolder(_folder);
        _folder.WriteFile("sub/.ragignore", $"# rules\n*.csv\n{badLine}\nsecret*\n");
        _folder.WriteFile("sub/secret.md", "# Secret");
        _folder.WriteFile("sub/table.csv", "a,b\n1,2\n");
        _folder.WriteFile("sub/kept.md", "# Kept");

        // Act
        FolderSyncResult result = await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        // Assert
        IngestionWarning warning = Assert.Single(result.Warnings);
        Assert.Equal("sub/.ragignore", warning.Path);
        Assert.StartsWith($"line 3: '{badLine}' is not a valid pattern", warning.Message, StringComparison.Ordinal);
        Assert.Contains(reason, warning.Message, StringComparison.Ordinal);
        Assert.Contains("sub/kept.md", result.Added);
        Assert.DoesNotContain("sub/secret.md", result.Added);
        Assert.DoesNotContain("sub/table.csv", result.Added);
    }

    [Fact]
    public async Task SyncFolderAsync_BadExcludeOption_FailsNamingTheOptionAndPattern()
    {
        WriteSampleFolder(_folder);

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => CreateIngestor().SyncFolderAsync(_folder.Path, new IngestionOptions { Exclude = ["[z-a]"] }, cancellationToken: Ct));

        Assert.Contains("IngestionOptions.Exclude pattern '[z-a]'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.GetDocumentsAsync(Ct));
    }
}
