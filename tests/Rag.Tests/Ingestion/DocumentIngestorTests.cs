// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Text;
using Rag.Ingestion;
using Rag.TestUtilities;
using static Rag.Tests.Ingestion.IngestionTestSupport;

namespace Rag.Tests.Ingestion;

public sealed class DocumentIngestorTests : IDisposable
{
    private const string ReadmeDebian = """
        frobnicate for Debian
        ---------------------

        This package uses the hooks of the widget package to rebuild the frob
        cache in /var/cache/frob whenever a widget is installed. The cache is
        rebuilt in full with the command 'frobnicate --rebuild'.

         -- Jane Maintainer <jane@example.org>  Mon, 02 Mar 2026 10:00:00 +0100
        """;

    private const string Copyright = """
        Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
        Upstream-Name: frobnicate
        Source: https://example.org/frobnicate

        Files: *
        Copyright: 2001-2026 Jane Maintainer <jane@example.org>
        License: BSD-3-clause
         Redistribution and use in source and binary forms, with or without
         modification, are permitted provided that the following conditions are met.
        """;

    private readonly TemporaryDirectory _folder = new();
    private readonly InMemoryKnowledgeStore _store = new();
    private readonly HashingEmbeddingGenerator _generator = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    private DocumentIngestor CreateIngestor(DocumentReaderRegistry? readers = null) => new(_store, _generator, readers);

    private async Task<DocumentRecord> RecordAsync(string id) =>
        Assert.Single(await _store.GetDocumentsAsync(Ct), r => r.Id == id);

    [Fact]
    public async Task SyncFolderAsync_OptionOutOfRange_ThrowsNamingItAndChangesNothing()
    {
        File.WriteAllText(Path.Combine(_folder.Path, "notes.txt"), "The budget was approved.");

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => CreateIngestor().SyncFolderAsync(_folder.Path, new IngestionOptions { MaxFileSizeBytes = 0 }, cancellationToken: Ct));

        Assert.Equal("MaxFileSizeBytes", ex.ParamName);
        Assert.Empty(await _store.GetDocumentsAsync(Ct));
    }

    [Fact]
    public async Task SyncFolderAsync_NewFolder_IngestsEveryFormatWithCitationData()
    {
        // Arrange
        WriteSampleFolder(_folder);

        // Act
        FolderSyncResult result = await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        // Assert
        string[] expected = ["data/config.json", "data/people.csv", "docs/policy.html", "notes.txt", "readme.md", "src/Program.cs"];
        Assert.Equal(expected, result.Added.Order(StringComparer.Ordinal));
        Assert.Empty(result.Failed);
        IReadOnlyList<DocumentRecord> records = await _store.GetDocumentsAsync(Ct);
        Assert.Equal(expected, records.Select(r => r.Id));
        Assert.All(records, r => Assert.Equal(DocumentStatus.Indexed, r.Status));
        Assert.All(records, r => Assert.Equal(64, r.ContentHash.Length));
        Assert.Equal(result.ChunksEmbedded, records.Sum(r => r.ChunkCount));
        Assert.Equal(result.ChunksEmbedded, _generator.EmbeddedCount);

        DocumentChunk table = Assert.Single(await _store.GetChunksAsync("readme.md", Ct), c => c.Text.Contains("Gold", StringComparison.Ordinal));
        Assert.Contains("Tier: Gold; Hours: 24/7", table.Text, StringComparison.Ordinal);
        Assert.Equal(["Product", "Support"], table.HeadingPath);
        Assert.Equal("md", table.FileType);
        DocumentChunk code = Assert.Single(_store.GetStoredChunks("src/Program.cs"));
        Assert.Equal((1, 3), (code.StartLine, code.EndLine));
        Assert.False(code.Embedding.IsEmpty);
        Assert.Equal("Policy", (await RecordAsync("docs/policy.html")).Title);
    }

    [Fact]
    public async Task SyncFolderAsync_UnchangedFolder_SkipsFilesWithoutReadingThem()
    {
        // Arrange
        WriteSampleFolder(_folder, textFiles: 5);
        DocumentIngestor ingestor = CreateIngestor();
        await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        int upserts = _store.UpsertCount;
        int embedded = _generator.EmbeddedCount;

        // Same size and timestamp, different bytes: only a sync that reads the file would notice.
        string notes = Path.Combine(_folder.Path, "notes.txt");
        DateTime stamp = File.GetLastWriteTimeUtc(notes);
        string original = File.ReadAllText(notes);
        File.WriteAllText(notes, original.ToUpperInvariant());
        File.SetLastWriteTimeUtc(notes, stamp);

        // Act
        FolderSyncResult result = await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        // Assert
        Assert.Equal(11, result.Unchanged);
        Assert.Empty(result.Added);
        Assert.Empty(result.Changed);
        Assert.Equal(upserts, _store.UpsertCount);
        Assert.Equal(embedded, _generator.EmbeddedCount);
        Assert.Contains("budget was approved", (await _store.GetChunksAsync("notes.txt", Ct))[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncFolderAsync_EditedFile_ReembedsOnlyThatFileAndReplacesAllItsChunks()
    {
        // Arrange
        WriteSampleFolder(_folder, textFiles: 3);
        _folder.WriteFile("long.txt", string.Join("\n\n", Enumerable.Range(0, 40).Select(i => $"Old paragraph {i} " + string.Join(' ', Enumerable.Range(0, 30).Select(w => $"old{w}")))));
        DocumentIngestor ingestor = CreateIngestor();
        await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        Assert.True((await RecordAsync("long.txt")).ChunkCount > 3);
        int embedded = _generator.EmbeddedCount;

        // Act
        string path = _folder.WriteFile("long.txt", "A short new version of the document.");
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddMinutes(1));
        FolderSyncResult result = await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        // Assert
        Assert.Equal(["long.txt"], result.Changed);
        Assert.Equal(1, result.ChunksEmbedded);
        Assert.Equal(embedded + 1, _generator.EmbeddedCount);
        DocumentChunk chunk = Assert.Single(await _store.GetChunksAsync("long.txt", Ct));
        Assert.Equal("A short new version of the document.", chunk.Text);
        Assert.Equal(1, (await RecordAsync("long.txt")).ChunkCount);
        Assert.Equal(await CleanSnapshotAsync(_folder.Path), await SnapshotAsync(_store));
    }

    [Fact]
    public async Task SyncFolderAsync_DeletedFile_RemovesDocument()
    {
        WriteSampleFolder(_folder);
        DocumentIngestor ingestor = CreateIngestor();
        await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        File.Delete(Path.Combine(_folder.Path, "docs", "policy.html"));
        FolderSyncResult result = await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        Assert.Equal(["docs/policy.html"], result.Deleted);
        Assert.DoesNotContain(await _store.GetDocumentsAsync(Ct), r => r.Id == "docs/policy.html");
        Assert.Empty(await _store.GetChunksAsync("docs/policy.html", Ct));
        Assert.Equal(5, (await _store.GetDocumentsAsync(Ct)).Count);
    }

    [Fact]
    public async Task SyncFolderAsync_EveryDocumentMovedAwayButTheIgnoreFileStays_StopsAndDeletesNothingUntilAllowed()
    {
        // Arrange: three documents indexed, then moved away; the folder keeps only its .ragignore.
        _folder.WriteFile(".ragignore", "drafts/\n");
        _folder.WriteFile("a.md", "# Alpha\n\nAlpha text.");
        _folder.WriteFile("b.md", "# Beta\n\nBeta text.");
        _folder.WriteFile("c.txt", "Gamma text.");
        DocumentIngestor ingestor = CreateIngestor();
        await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        string before = await SnapshotAsync(_store);
        foreach (string name in (string[])["a.md", "b.md", "c.txt"])
        {
            File.Delete(Path.Combine(_folder.Path, name));
        }

        // Act
        MassDeletionException refused = await Assert.ThrowsAsync<MassDeletionException>(() => ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct));
        string afterRefusal = await SnapshotAsync(_store);
        FolderSyncResult allowed = await ingestor.SyncFolderAsync(_folder.Path, new IngestionOptions { AllowMassDeletion = true }, cancellationToken: Ct);

        // Assert
        Assert.Contains("all 3 indexed documents", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, afterRefusal);
        Assert.Equal(["a.md", "b.md", "c.txt"], allowed.Deleted);
    }

    [Fact]
    public async Task SyncFolderAsync_SubfolderEmptiedLikeAnUnmountedShare_StopsAndDeletesNothingUntilAllowed()
    {
        // Arrange: 'share/' stays as an empty mount point.
        WriteSampleFolder(_folder);
        _folder.WriteFile("share/a.txt", "Alpha on the share.");
        _folder.WriteFile("share/deep/b.txt", "Beta on the share.");
        DocumentIngestor ingestor = CreateIngestor();
        await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        string before = await SnapshotAsync(_store);
        string share = Path.Combine(_folder.Path, "share");
        Directory.Delete(share, recursive: true);
        Directory.CreateDirectory(share);

        // Act
        MassDeletionException refused = await Assert.ThrowsAsync<MassDeletionException>(() => ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct));
        string afterRefusal = await SnapshotAsync(_store);
        FolderSyncResult allowed = await ingestor.SyncFolderAsync(_folder.Path, new IngestionOptions { AllowMassDeletion = true }, cancellationToken: Ct);

        // Assert
        Assert.Contains("'share/'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("AllowMassDeletion", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["share/a.txt", "share/deep/b.txt"], refused.Paths);
        Assert.Equal(before, afterRefusal);
        Assert.Equal(["share/a.txt", "share/deep/b.txt"], allowed.Deleted);
    }

    [Fact]
    public async Task SyncFolderAsync_MostDocumentsGone_StopsAndDeletesNothing()
    {
        WriteSampleFolder(_folder, textFiles: 30);
        DocumentIngestor ingestor = CreateIngestor();
        await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        int stored = (await _store.GetDocumentsAsync(Ct)).Count;
        foreach (string file in Directory.GetFiles(Path.Combine(_folder.Path, "many")).Order(StringComparer.Ordinal).Take(MassDeletionCheck.MinimumMassDeletion))
        {
            File.Delete(file);
        }

        MassDeletionException refused = await Assert.ThrowsAsync<MassDeletionException>(() => ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct));

        Assert.Contains($"{MassDeletionCheck.MinimumMassDeletion} of the {stored} indexed documents", refused.Message, StringComparison.Ordinal);
        Assert.Equal(stored, (await _store.GetDocumentsAsync(Ct)).Count);
    }

    [Fact]
    public async Task SyncFolderAsync_DeleteMissingDocumentsOff_KeepsDocumentsWhoseFileIsGone()
    {
        WriteSampleFolder(_folder);
        DocumentIngestor ingestor = CreateIngestor();
        await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        File.Delete(Path.Combine(_folder.Path, "notes.txt"));

        FolderSyncResult result = await ingestor.SyncFolderAsync(_folder.Path, new IngestionOptions { DeleteMissingDocuments = false }, cancellationToken: Ct);

        Assert.Empty(result.Deleted);
        Assert.Equal(["notes.txt"], result.Missing);
        Assert.Equal(DocumentStatus.Indexed, (await RecordAsync("notes.txt")).Status);
        Assert.NotEmpty(await _store.GetChunksAsync("notes.txt", Ct));
    }

    [Fact]
    public async Task SyncFolderAsync_UnreadableSubfolder_KeepsItsDocumentsAndReportsIt()
    {
        // Arrange
        WriteSampleFolder(_folder);
        _folder.WriteFile("locked/secret.txt", "Behind a permission change.");
        DocumentIngestor ingestor = CreateIngestor();
        await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        string locked = Path.Combine(_folder.Path, "locked");
        SetOwnerAccess(locked, allowed: false);
        try
        {
            bool listable = true;
            try
            {
                _ = Directory.GetFileSystemEntries(locked);
            }
            catch (UnauthorizedAccessException)
            {
                listable = false;
            }

            Assert.SkipWhen(listable, "This user lists folders regardless of their permissions (root), so no folder is unreadable here.");

            // Act
            FolderSyncResult result = await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);

            // Assert
            Assert.Equal(["locked"], result.UnreadableFolders);
            Assert.Equal(["locked/secret.txt"], result.Missing);
            Assert.Empty(result.Deleted);
            Assert.Equal(DocumentStatus.Indexed, (await RecordAsync("locked/secret.txt")).Status);
        }
        finally
        {
            SetOwnerAccess(locked, allowed: true);
        }
    }

    private static void SetOwnerAccess(string folder, bool allowed)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("The folder is locked with Unix permissions.");
        }
        else
        {
            File.SetUnixFileMode(folder, allowed ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute : UnixFileMode.None);
        }
    }

    [Fact]
    public async Task SyncFolderAsync_RenamedFile_MovesDocumentWithoutReembedding()
    {
        // Arrange
        WriteSampleFolder(_folder);
        DocumentIngestor ingestor = CreateIngestor();
        await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        int embedded = _generator.EmbeddedCount;
        IReadOnlyList<DocumentChunk> before = await _store.GetChunksAsync("notes.txt", Ct);

        // Act
        Directory.CreateDirectory(Path.Combine(_folder.Path, "archive"));
        File.Move(Path.Combine(_folder.Path, "notes.txt"), Path.Combine(_folder.Path, "archive", "2024-notes.txt"));
        FolderSyncResult result = await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        // Assert
        Assert.Equal([("notes.txt", "archive/2024-notes.txt")], result.Renamed);
        Assert.Empty(result.Added);
        Assert.Empty(result.Deleted);
        Assert.Equal(embedded, _generator.EmbeddedCount);
        IReadOnlyList<DocumentChunk> after = await _store.GetChunksAsync("archive/2024-notes.txt", Ct);
        Assert.Equal(before.Select(c => c.Text), after.Select(c => c.Text));
        Assert.All(after, c => Assert.Equal("archive/2024-notes.txt", c.Path));
        DocumentRecord moved = await RecordAsync("archive/2024-notes.txt");
        Assert.Equal("archive/2024-notes.txt", moved.Path);

        FolderSyncResult again = await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        Assert.Equal(6, again.Unchanged);
    }

    [Fact]
    public async Task SyncFolderAsync_TouchedFileWithSameContent_KeepsEmbeddingsAndRefreshesTimestamp()
    {
        WriteSampleFolder(_folder);
        DocumentIngestor ingestor = CreateIngestor();
        await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        int embedded = _generator.EmbeddedCount;
        string path = Path.Combine(_folder.Path, "notes.txt");
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddHours(1));

        FolderSyncResult result = await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        Assert.Equal(6, result.Unchanged);
        Assert.Empty(result.Changed);
        Assert.Equal(embedded, _generator.EmbeddedCount);
        Assert.Equal(new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeMilliseconds(), (await RecordAsync("notes.txt")).LastModified.ToUnixTimeMilliseconds());
        Assert.NotEmpty(await _store.GetChunksAsync("notes.txt", Ct));
    }

    [Fact]
    public async Task SyncFolderAsync_FileNamesNotValidUtf8_AreIndexedUnderUniqueEscapedNamesWithTheGoodFiles()
    {
        // Arrange: Latin-1 names, as on old zips and Samba shares (.NET cannot create them, so bash renames the files).
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Only Linux file systems hold names that are not UTF-8.");
        WriteSampleFolder(_folder);
        _folder.WriteFile("e9.md", "# Café\n\nThe Latin-1 named note about the café.");
        _folder.WriteFile("e8.md", "# Cafè\n\nAnother Latin-1 named note, about espresso.");
        _folder.WriteFile("folder.md", "Inside a folder whose name is Latin-1.");
        RunBash(@"mv e9.md ""$(printf 'caf\351.md')"" && mv e8.md ""$(printf 'caf\350.md')"" && mkdir ""$(printf 'd\351p')"" && mv folder.md ""$(printf 'd\351p')/""");

        // Act
        FolderSyncResult first = await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        FolderSyncResult second = await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        // Assert
        Assert.Contains("caf%E9.md", first.Added);
        Assert.Contains("caf%E8.md", first.Added);
        Assert.Contains("the café.", Assert.Single(await _store.GetChunksAsync("caf%E9.md", Ct)).Text, StringComparison.Ordinal);
        Assert.Contains("espresso", Assert.Single(await _store.GetChunksAsync("caf%E8.md", Ct)).Text, StringComparison.Ordinal);
        Assert.Equal(["d%E9p"], first.UnreadableFolders);
        Assert.Empty(first.Failed);
        IReadOnlyList<DocumentRecord> records = await _store.GetDocumentsAsync(Ct);
        Assert.Equal(6 + 2, records.Count);
        Assert.All(records, r => Assert.Equal(DocumentStatus.Indexed, r.Status));
        Assert.Empty(second.Added);
        Assert.Empty(second.Deleted);
        Assert.Equal(6 + 2, second.Unchanged);
    }

    [Fact]
    public async Task SyncFolderAsync_FolderPathPastTheSystemLimit_IsReportedAndTheGoodFilesAreIndexed()
    {
        // Arrange: 20 nested folders of 250 characters (over Linux's 4096-byte PATH_MAX), made with relative mkdir/cd.
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The deep path is built with bash.");
        WriteSampleFolder(_folder);
        RunBash("d=$(printf 'd%.0s' $(seq 250)); for i in $(seq 20); do mkdir \"$d\" && cd \"$d\" || exit 1; done; echo 'Too deep to read.' > deep.txt");

        try
        {
            // Act
            FolderSyncResult result = await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);

            // Assert
            Assert.Equal(6, result.Added.Count);
            Assert.All(await _store.GetDocumentsAsync(Ct), r => Assert.Equal(DocumentStatus.Indexed, r.Status));
            Assert.Single(result.UnreadableFolders);
        }
        finally
        {
            // .NET cannot delete a tree this deep either.
            RunBash("rm -rf \"$(printf 'd%.0s' $(seq 250))\"");
        }
    }

    [Fact]
    public async Task SyncFolderAsync_Utf8FileWithStrayBytes_KeepsItsTextAndReportsAWarning()
    {
        WriteSampleFolder(_folder);
        File.WriteAllBytes(Path.Combine(_folder.Path, "notas.txt"), [.. Encoding.UTF8.GetBytes("Café résumé, 5 €"), 0x80, .. Encoding.UTF8.GetBytes(" y la filtración.")]);

        FolderSyncResult result = await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        IngestionWarning warning = Assert.Single(result.Warnings);
        Assert.Equal("notas.txt", warning.Path);
        Assert.Contains("1 invalid byte", warning.Message, StringComparison.Ordinal);
        Assert.Equal("Café résumé, 5 €\uFFFD y la filtración.", Assert.Single(await _store.GetChunksAsync("notas.txt", Ct)).Text);
        Assert.Empty(result.Failed);
    }

    [Fact]
    public async Task SyncFolderAsync_BadFiles_AreRecordedWithReasonsAndEverythingElseIsIngested()
    {
        // Arrange
        WriteSampleFolder(_folder);
        _folder.WriteFile("bad/empty.txt", string.Empty);
        File.WriteAllBytes(Path.Combine(_folder.Path, "bad", "binary.txt"), [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x3E]);
        File.WriteAllBytes(Path.Combine(_folder.Path, "bad", "latin1.txt"), Encoding.Latin1.GetBytes("Résumé of the café meeting."));
        _folder.WriteFile("bad/broken.json", "{ \"unterminated\": ");
        using (FileStream huge = File.Create(Path.Combine(_folder.Path, "bad", "huge.txt")))
        {
            huge.SetLength(200L * 1024 * 1024); // sparse: no 200 MB are written or read
        }

        var longLine = new StringBuilder(5 * 1024 * 1024 + 16);
        for (int i = 0; longLine.Length < 5 * 1024 * 1024; i++)
        {
            longLine.Append("token").Append(i % 1000).Append(' ');
        }

        _folder.WriteFile("bad/longline.txt", longLine.ToString());

        // Act
        FolderSyncResult result = await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        // Assert
        IReadOnlyList<DocumentRecord> records = await _store.GetDocumentsAsync(Ct);
        string Error(string id) => Assert.Single(records, r => r.Id == id && r.Status == DocumentStatus.Failed).Error!;
        Assert.Contains("empty", Error("bad/empty.txt"), StringComparison.Ordinal);
        Assert.Contains("binary", Error("bad/binary.txt"), StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Error("bad/broken.json"), StringComparison.Ordinal);
        Assert.Contains("limit", Error("bad/huge.txt"), StringComparison.Ordinal);
        Assert.Equal(4, result.Failed.Count);
        Assert.All(result.Failed, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason)));
        Assert.All(records.Where(r => r.Status == DocumentStatus.Failed), r => Assert.Empty(_store.GetChunksAsync(r.Id, Ct).Result));

        Assert.Equal(DocumentStatus.Indexed, (await RecordAsync("bad/latin1.txt")).Status);
        Assert.Equal("Résumé of the café meeting.", Assert.Single(await _store.GetChunksAsync("bad/latin1.txt", Ct)).Text);
        DocumentRecord longRecord = await RecordAsync("bad/longline.txt");
        Assert.Equal(DocumentStatus.Indexed, longRecord.Status);
        Assert.True(longRecord.ChunkCount > 1000);
        Assert.All(records.Where(r => !r.Id.StartsWith("bad/", StringComparison.Ordinal)), r => Assert.Equal(DocumentStatus.Indexed, r.Status));
        Assert.Equal(6 + 6, records.Count);
    }

    [Fact]
    public async Task SyncFolderAsync_FileOverTimeLimit_IsRecordedAndOthersAreIngested()
    {
        WriteSampleFolder(_folder);
        _folder.WriteFile("hangs.slow", "never read to the end");
        DocumentReaderRegistry readers = new DocumentReaderRegistry().Register(new HangingReader());
        // Long enough that a real file's first read (reader start-up included) fits on a loaded machine; the hanging one never does.
        var options = new IngestionOptions { MaxFileProcessingTime = TimeSpan.FromSeconds(2) };

        FolderSyncResult result = await CreateIngestor(readers).SyncFolderAsync(_folder.Path, options, cancellationToken: Ct);

        IngestionFailure failure = Assert.Single(result.Failed);
        Assert.Equal("hangs.slow", failure.Path);
        Assert.Contains("MaxFileProcessingTime", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(6, result.Added.Count);
        Assert.Equal(failure.Reason, (await RecordAsync("hangs.slow")).Error);
    }

    [Fact]
    public async Task SyncFolderAsync_ReaderIgnoringCancellation_IsAbandonedAtTheLimitAndSkippedNextRun()
    {
        // Arrange
        WriteSampleFolder(_folder);
        _folder.WriteFile("parser-loop.stuck", "a parser that never looks at its token");
        using var stuck = new NonCancellableReader();
        DocumentIngestor ingestor = CreateIngestor(new DocumentReaderRegistry().Register(stuck));
        var options = new IngestionOptions { MaxFileProcessingTime = TimeSpan.FromSeconds(2) };

        try
        {
            // Act
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            FolderSyncResult first = await ingestor.SyncFolderAsync(_folder.Path, options, cancellationToken: Ct);
            TimeSpan elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
            FolderSyncResult second = await ingestor.SyncFolderAsync(_folder.Path, options, cancellationToken: Ct);

            // Assert: the limit (2 s) plus a small margin, not the reader's two minutes.
            Assert.True(elapsed < TimeSpan.FromSeconds(2 + 6), $"The sync took {elapsed}.");
            IngestionFailure failure = Assert.Single(first.Failed);
            Assert.Equal("parser-loop.stuck", failure.Path);
            Assert.Contains("MaxFileProcessingTime", failure.Reason, StringComparison.Ordinal);
            Assert.Equal(6, first.Added.Count);
            Assert.Empty(second.Failed);
            Assert.Equal(7, second.Unchanged);
            Assert.Equal(1, stuck.Calls);
        }
        finally
        {
            stuck.Release.Set();
        }
    }

    [Fact]
    public async Task SyncFolderAsync_FileOverBlockLimit_IsRecordedFailedNamingTheFileAndSkippedNextRun()
    {
        // A file of many tiny blocks grew the process by up to 58x its size; the block count per document is now bounded.
        _folder.WriteFile("tiny-blocks.txt", string.Concat(Enumerable.Range(0, 1_001).Select(i => $"p{i}\n\n")));
        _folder.WriteFile("at-limit.txt", string.Concat(Enumerable.Range(0, 1_000).Select(i => $"p{i}\n\n")));
        DocumentIngestor ingestor = CreateIngestor();
        var options = new IngestionOptions { MaxBlocksPerDocument = 1_000 };

        FolderSyncResult first = await ingestor.SyncFolderAsync(_folder.Path, options, cancellationToken: Ct);
        FolderSyncResult second = await ingestor.SyncFolderAsync(_folder.Path, options, cancellationToken: Ct);

        IngestionFailure failure = Assert.Single(first.Failed);
        Assert.Equal("tiny-blocks.txt", failure.Path);
        Assert.Contains("'tiny-blocks.txt' was read into 1,001 blocks, over the 1,000-block limit (IngestionOptions.MaxBlocksPerDocument)", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(["at-limit.txt"], first.Added);
        Assert.Empty(second.Failed);
        Assert.Equal(2, second.Unchanged);
    }

    [Fact]
    public async Task SyncFolderAsync_RealReaderSlowerThanLimit_IsRecordedFailedWithinMarginAndSkippedNextRun()
    {
        // A real reader (CSV: decoding and parsing 24 MB of rows takes seconds) under a 300 ms limit: failed at the limit plus a small margin.
        _folder.WriteFile("big.csv", "a,b\n" + new StringBuilder(24 * 1024 * 1024).Insert(0, "1,2\n", 6 * 1024 * 1024));
        DocumentIngestor ingestor = CreateIngestor();
        var options = new IngestionOptions { MaxFileProcessingTime = TimeSpan.FromMilliseconds(300) };

        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        FolderSyncResult first = await ingestor.SyncFolderAsync(_folder.Path, options, cancellationToken: Ct);
        TimeSpan elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
        FolderSyncResult second = await ingestor.SyncFolderAsync(_folder.Path, options, cancellationToken: Ct);

        IngestionFailure failure = Assert.Single(first.Failed);
        Assert.Contains("MaxFileProcessingTime", failure.Reason, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromMilliseconds(300) + TimeSpan.FromSeconds(2), $"The sync took {elapsed}.");
        Assert.Empty(second.Failed);
        Assert.Equal(1, second.Unchanged);
    }

    [Fact]
    public async Task SyncFolderAsync_UnchangedFailedFile_IsRetriedOnlyWhenChangedOrAsked()
    {
        _folder.WriteFile("broken.json", "{ nope");
        DocumentIngestor ingestor = CreateIngestor();
        await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        int upserts = _store.UpsertCount;

        FolderSyncResult skipped = await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        FolderSyncResult retried = await ingestor.SyncFolderAsync(_folder.Path, new IngestionOptions { RetryFailed = true }, cancellationToken: Ct);
        string path = _folder.WriteFile("broken.json", "{\"fixed\": true}");
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddMinutes(1));
        FolderSyncResult fixedResult = await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        Assert.Equal(1, skipped.Unchanged);
        Assert.Single(retried.Failed);
        Assert.Equal(upserts + 2, _store.UpsertCount);
        Assert.Equal(["broken.json"], fixedResult.Changed);
        Assert.Equal(DocumentStatus.Indexed, (await RecordAsync("broken.json")).Status);
    }

    [Fact]
    public async Task SyncFolderAsync_CanceledMidRun_RerunMatchesCleanIngest()
    {
        // Arrange
        WriteSampleFolder(_folder, textFiles: 12);
        var options = new IngestionOptions { EmbeddingBatchSize = 2, ReadAhead = 1 };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var progress = new ProgressLog(p =>
        {
            if (p.FilesDone == 5)
            {
                cts.Cancel();
            }
        });
        DocumentIngestor ingestor = CreateIngestor();

        // Act
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ingestor.SyncFolderAsync(_folder.Path, options, progress, cts.Token));
        int afterCancel = (await _store.GetDocumentsAsync(Ct)).Count;
        FolderSyncResult resumed = await ingestor.SyncFolderAsync(_folder.Path, options, cancellationToken: Ct);

        // Assert
        Assert.InRange(afterCancel, 5, 17);
        Assert.Equal(18, resumed.Added.Count + resumed.Unchanged);
        Assert.Equal(18 - afterCancel, resumed.Added.Count);
        Assert.Equal(await CleanSnapshotAsync(_folder.Path, options), await SnapshotAsync(_store));
    }

    [Fact]
    public async Task SyncFolderAsync_EmbeddingGeneratorFailsMidRun_RerunMatchesCleanIngest()
    {
        // Arrange
        WriteSampleFolder(_folder, textFiles: 12);
        var options = new IngestionOptions { EmbeddingBatchSize = 3 };
        var failing = new FailingEmbeddingGenerator(failOnCall: 4);

        // Act
        InvalidOperationException ex = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new DocumentIngestor(_store, failing).SyncFolderAsync(_folder.Path, options, cancellationToken: Ct));
        IReadOnlyList<DocumentRecord> partial = await _store.GetDocumentsAsync(Ct);
        FolderSyncResult resumed = await CreateIngestor().SyncFolderAsync(_folder.Path, options, cancellationToken: Ct);

        // Assert
        Assert.Equal("The embedding model crashed.", ex.Message);
        Assert.InRange(partial.Count, 1, 17);
        Assert.All(partial, r => Assert.Equal(DocumentStatus.Indexed, r.Status));
        Assert.Equal(partial.Count, resumed.Unchanged);
        Assert.Equal(await CleanSnapshotAsync(_folder.Path, options), await SnapshotAsync(_store));
    }

    [Fact]
    public async Task SyncFolderAsync_FailureWhileReplacingDocument_LeavesOldVersionWhole()
    {
        // Arrange
        _folder.WriteFile("doc.txt", string.Join("\n\n", Enumerable.Range(0, 30).Select(i => $"Version one paragraph {i} with several words in it.")));
        await CreateIngestor().SyncFolderAsync(_folder.Path, new IngestionOptions { Chunking = new ChunkingOptions { MaxTokens = 16 } }, cancellationToken: Ct);
        string before = await SnapshotAsync(_store);
        string path = _folder.WriteFile("doc.txt", string.Join("\n\n", Enumerable.Range(0, 30).Select(i => $"Version two paragraph {i} with other words in it.")));
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddMinutes(1));
        var options = new IngestionOptions { EmbeddingBatchSize = 4, Chunking = new ChunkingOptions { MaxTokens = 16 } };

        // Act: the generator dies after some of the new chunks were embedded.
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => new DocumentIngestor(_store, new FailingEmbeddingGenerator(failOnCall: 3)).SyncFolderAsync(_folder.Path, options, cancellationToken: Ct));

        // Assert
        Assert.Equal(before, await SnapshotAsync(_store));
        Assert.DoesNotContain(await _store.GetChunksAsync("doc.txt", Ct), c => c.Text.Contains("Version two", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncFolderAsync_EmbeddingModelChanged_ThrowsClearlyUnlessReembedIsAllowed()
    {
        // Arrange
        WriteSampleFolder(_folder);
        await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        string before = await SnapshotAsync(_store);
        var newModel = new HashingEmbeddingGenerator { Dimensions = 32 };
        var ingestor = new DocumentIngestor(_store, newModel);

        // Act
        EmbeddingModelMismatchException ex = await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct));
        string afterRefusal = await SnapshotAsync(_store);
        FolderSyncResult reembedded = await ingestor.SyncFolderAsync(_folder.Path, new IngestionOptions { ReembedOnModelChange = true }, cancellationToken: Ct);

        // Assert
        Assert.Contains("Re-embed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, afterRefusal);
        Assert.True(reembedded.Reembedded);
        Assert.Equal(6, reembedded.Added.Count);
        Assert.Equal(new EmbeddingModelInfo("test-hashing", 32), await _store.GetEmbeddingModelAsync(Ct));
        Assert.All(_store.GetStoredChunks("notes.txt"), c => Assert.Equal(32, c.Embedding.Length));
    }

    [Fact]
    public async Task ReembedFolderAsync_Always_RebuildsEveryDocument()
    {
        WriteSampleFolder(_folder);
        DocumentIngestor ingestor = CreateIngestor();
        await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        string before = await SnapshotAsync(_store);

        FolderSyncResult result = await ingestor.ReembedFolderAsync(_folder.Path, cancellationToken: Ct);

        Assert.True(result.Reembedded);
        Assert.Equal(6, result.Added.Count);
        Assert.Equal(before, await SnapshotAsync(_store));
    }

    [Fact]
    public async Task SyncFolderAsync_IgnoreFileAndGlobs_SelectFiles()
    {
        // Arrange
        WriteSampleFolder(_folder);
        _folder.WriteFile(".ragignore", "# comment\n*.csv\nsrc/\n/notes.txt\n!important.csv\n");
        _folder.WriteFile("sub/notes.txt", "Nested notes stay, the ignore rule is anchored.");
        _folder.WriteFile("sub/important.csv", "a,b\n1,2\n");
        _folder.WriteFile("sub/.ragignore", "secret*\n");
        _folder.WriteFile("sub/secret-plan.md", "# Secret");
        _folder.WriteFile("node_modules/lib/readme.md", "# Vendored");
        _folder.WriteFile("drafts/draft.md", "# Draft");
        var options = new IngestionOptions { Exclude = [.. new IngestionOptions().Exclude, "drafts/**"] };

        // Act
        FolderSyncResult result = await CreateIngestor().SyncFolderAsync(_folder.Path, options, cancellationToken: Ct);

        // Assert
        Assert.Equal(
            ["data/config.json", "docs/policy.html", "readme.md", "sub/important.csv", "sub/notes.txt"],
            (await _store.GetDocumentsAsync(Ct)).Select(r => r.Id));
        Assert.Equal(5, result.Added.Count);
    }

    [Fact]
    public async Task SyncFolderAsync_IncludeGlobs_LimitFiles()
    {
        WriteSampleFolder(_folder);

        await CreateIngestor().SyncFolderAsync(_folder.Path, new IngestionOptions { Include = ["**/*.md", "data/*"] }, cancellationToken: Ct);

        Assert.Equal(["data/config.json", "data/people.csv", "readme.md"], (await _store.GetDocumentsAsync(Ct)).Select(r => r.Id));
    }

    [Fact]
    public async Task SyncFolderAsync_FileOfManyEmbeddingBatches_ReportsHowManyOfItsChunksAreEmbedded()
    {
        _folder.WriteFile("long.txt", LongText(paragraphs: 40));
        var progress = new ProgressLog();
        var options = new IngestionOptions { EmbeddingBatchSize = 4 };

        FolderSyncResult result = await CreateIngestor().SyncFolderAsync(_folder.Path, options, progress, Ct);

        List<DocumentEmbeddingProgress> embedding = [.. progress.Reports.Where(p => p.Embedding is not null).Select(p => p.Embedding!)];
        Assert.True(result.ChunksEmbedded > 8, $"{result.ChunksEmbedded} chunks");
        Assert.All(progress.Reports.Where(p => p.Embedding is not null), p => Assert.Equal("long.txt", p.CurrentFile));
        Assert.All(embedding, e => Assert.Equal(result.ChunksEmbedded, e.Chunks));
        Assert.Equal(Enumerable.Range(1, (result.ChunksEmbedded - 1) / 4).Select(i => i * 4), embedding.Select(e => e.ChunksEmbedded));
    }

    [Fact]
    public async Task SyncFolderAsync_FileOverTheChunkLimit_FailsBeforeAnyIsEmbeddedAndTheOthersAreIndexed()
    {
        _folder.WriteFile("endless.txt", LongText(paragraphs: 40));
        _folder.WriteFile("short.txt", "A short note about the weekly meeting.");
        var options = new IngestionOptions { MaxChunksPerDocument = 5 };

        FolderSyncResult result = await CreateIngestor().SyncFolderAsync(_folder.Path, options, cancellationToken: Ct);

        IngestionFailure failure = Assert.Single(result.Failed);
        Assert.Equal("endless.txt", failure.Path);
        Assert.Matches(@"'endless\.txt' was split into \d+ chunks, over the 5-chunk limit \(IngestionOptions\.MaxChunksPerDocument\)", failure.Reason);
        Assert.Equal(["short.txt"], result.Added);
        Assert.Equal(1, _generator.EmbeddedCount);
    }

    private static string LongText(int paragraphs) =>
        string.Join("\n\n", Enumerable.Range(0, paragraphs).Select(i => $"Paragraph {i} of the report. " + string.Join(' ', Enumerable.Repeat("The quarterly figures show steady growth in every region.", 12))));

    [Fact]
    public async Task SyncFolderAsync_WithProgress_ReportsEveryFileUpToCompletion()
    {
        WriteSampleFolder(_folder, textFiles: 4);
        var progress = new ProgressLog();

        FolderSyncResult result = await CreateIngestor().SyncFolderAsync(_folder.Path, progress: progress, cancellationToken: Ct);

        Assert.Equal(11, progress.Reports.Count); // start + one per file
        Assert.Equal(Enumerable.Range(0, 11), progress.Reports.Select(p => p.FilesDone));
        IngestionProgress last = progress.Reports[^1];
        Assert.Equal(10, last.FilesTotal);
        Assert.Equal(last.BytesTotal, last.BytesDone);
        Assert.Equal(result.BytesRead, last.BytesDone);
        Assert.Equal(result.ChunksEmbedded, last.ChunksDone);
        Assert.Equal(TimeSpan.Zero, last.EstimatedRemaining);
        Assert.True(last.BytesPerSecond > 0);
        Assert.All(progress.Reports.Skip(1), p => Assert.NotNull(p.CurrentFile));
        Assert.True(progress.Reports.Zip(progress.Reports.Skip(1)).All(p => p.First.BytesDone <= p.Second.BytesDone && p.First.Elapsed <= p.Second.Elapsed));
    }

    [Fact]
    public async Task SyncFolderAsync_AlreadyCanceled_ThrowsAndWritesNothing()
    {
        WriteSampleFolder(_folder);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: new CancellationToken(canceled: true)));

        Assert.Equal(0, _store.UpsertCount);
    }

    [Fact]
    public async Task SyncFolderAsync_MissingFolder_Throws()
    {
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => CreateIngestor().SyncFolderAsync(Path.Combine(_folder.Path, "missing"), cancellationToken: Ct));
    }

    private void RunBash(string script)
    {
        using Process bash = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { "-c", script }, WorkingDirectory = _folder.Path })!;
        bash.WaitForExit();
        Assert.Equal(0, bash.ExitCode);
    }

    [Fact]
    public async Task SyncFolderAsync_TextWithoutExtension_IsReadAsPlainTextAndBinariesAreSkippedByType()
    {
        // Arrange: a package's doc folder as Debian installs it.
        _folder.WriteFile("README", "Frobnicate\n==========\n\nFrobnicate turns widgets into frobs. Run 'make install' to install\nit under /usr/local.\n");
        _folder.WriteFile("README.Debian", ReadmeDebian);
        _folder.WriteFile("copyright", Copyright);
        _folder.WriteFile("LICENSE", "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software.\n");
        File.WriteAllBytes(Path.Combine(_folder.Path, "CHANGELOG"), Encoding.Latin1.GetBytes("2026-03-02  José Núñez\n\n\t* Añadida la opción --rebuild, que reconstruye la caché.\n"));
        File.WriteAllBytes(Path.Combine(_folder.Path, "frobnicate"), ElfExecutable());
        File.WriteAllBytes(Path.Combine(_folder.Path, "NEWS.Debian"), NoiseWithoutNul());
        File.WriteAllBytes(Path.Combine(_folder.Path, "clip.mp4"), [0x00, 0x00, 0x00, 0x18, .. "ftypmp42"u8]);

        // Act
        FolderSyncResult result = await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        // Assert
        Assert.Equal(["CHANGELOG", "LICENSE", "README", "README.Debian", "copyright"], result.Added.Order(StringComparer.Ordinal));
        Assert.Empty(result.Failed);
        Assert.Equal(["NEWS.Debian", "clip.mp4", "frobnicate"], result.Unsupported);
        Assert.Equal([new UnsupportedFileType("", 1), new UnsupportedFileType(".debian", 1), new UnsupportedFileType(".mp4", 1)], result.UnsupportedByType);
        Assert.Contains(await _store.GetChunksAsync("README.Debian", Ct), c => c.Text.Contains("frobnicate --rebuild", StringComparison.Ordinal));
        Assert.Contains(await _store.GetChunksAsync("CHANGELOG", Ct), c => c.Text.Contains("José Núñez", StringComparison.Ordinal));
        Assert.Contains(await _store.GetChunksAsync("copyright", Ct), c => c.Text.Contains("BSD-3-clause", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncFolderAsync_UnknownExtensionThatIsText_StaysUnsupported()
    {
        // Arrange: only files without an extension, or with a documentation name, are judged by content.
        _folder.WriteFile("notes.xyz", "Plain words in a file of an unknown type.\n");
        _folder.WriteFile("README", "Plain words.\n");

        // Act
        FolderSyncResult result = await CreateIngestor().SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        // Assert
        Assert.Equal(["README"], result.Added);
        Assert.Equal(["notes.xyz"], result.Unsupported);
    }

    [Fact]
    public async Task ListSkippedFilesAsync_FolderWithABinary_ListsItWithoutTouchingTheStore()
    {
        // Arrange
        _folder.WriteFile("README", "Plain words.\n");
        File.WriteAllBytes(Path.Combine(_folder.Path, "frobnicate"), ElfExecutable());

        // Act
        SkippedFiles skipped = await CreateIngestor().ListSkippedFilesAsync(_folder.Path, cancellationToken: Ct);

        // Assert
        Assert.Equal(["frobnicate"], skipped.Unsupported);
        Assert.Empty(skipped.Links);
        Assert.Empty(await _store.GetDocumentsAsync(Ct));
    }

    [Fact]
    public async Task SyncFolderAsync_SymbolicLinks_AreNotFollowedAndAreReportedUnlessIgnored()
    {
        // Arrange: links to a file inside the folder, to a folder, to nothing, and one the ignore file leaves out.
        _folder.WriteFile("docs/plan.md", "# Plan\n\nThe launch is in May.");
        File.CreateSymbolicLink(Path.Combine(_folder.Path, "LICENSE"), Path.Combine(_folder.Path, "docs", "plan.md"));
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "mirror"), Path.Combine(_folder.Path, "docs"));
        File.CreateSymbolicLink(Path.Combine(_folder.Path, "docs", "gone.md"), Path.Combine(_folder.Path, "no-such-file.md"));
        File.CreateSymbolicLink(Path.Combine(_folder.Path, "skip-me.md"), Path.Combine(_folder.Path, "docs", "plan.md"));
        _folder.WriteFile(".ragignore", "skip-me.md\n");
        DocumentIngestor ingestor = CreateIngestor();

        // Act
        FolderSyncResult result = await ingestor.SyncFolderAsync(_folder.Path, cancellationToken: Ct);
        SkippedFiles listed = await ingestor.ListSkippedFilesAsync(_folder.Path, cancellationToken: Ct);

        // Assert: the target is indexed once, under its own path; every link not ignored is reported.
        Assert.Equal(["docs/plan.md"], result.Added);
        Assert.Equal(["LICENSE", "docs/gone.md", "mirror"], result.SkippedLinks);
        Assert.Equal(result.SkippedLinks, listed.Links);
        Assert.Empty(result.Unsupported);
    }

    /// <summary>The start of an x86-64 ELF executable: magic, header fields (with their zero bytes), then some code-like bytes.</summary>
    private static byte[] ElfExecutable()
    {
        byte[] bytes = new byte[4096];
        byte[] header = [0x7F, (byte)'E', (byte)'L', (byte)'F', 0x02, 0x01, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x00, 0x3E, 0x00, 0x01, 0x00, 0x00, 0x00];
        header.CopyTo(bytes, 0);
        var random = new Random(7);
        random.NextBytes(bytes.AsSpan(64));
        return bytes;
    }

    /// <summary>Compressed-looking data with no zero byte and few control characters: only the share of high bytes that are not UTF-8 gives it away.</summary>
    private static byte[] NoiseWithoutNul()
    {
        var random = new Random(11);
        byte[] bytes = new byte[4096];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i % 2 == 0 ? random.Next(0x80, 0x100) : random.Next(0x20, 0x7F));
        }

        return bytes;
    }
}
