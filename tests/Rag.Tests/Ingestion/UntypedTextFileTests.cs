// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;
using Rag.TestUtilities;

namespace Rag.Tests.Ingestion;

/// <summary>Files without a type of their own (README, LICENSE, README.Debian) are read as text when they hold text; binaries without an extension are skipped and counted.</summary>
public sealed class UntypedTextFileTests : IDisposable
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
        FolderSyncResult result = await new DocumentIngestor(_store, _generator).SyncFolderAsync(_folder.Path, cancellationToken: Ct);

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
        FolderSyncResult result = await new DocumentIngestor(_store, _generator).SyncFolderAsync(_folder.Path, cancellationToken: Ct);

        // Assert
        Assert.Equal(["README"], result.Added);
        Assert.Equal(["notes.xyz"], result.Unsupported);
    }

    [Fact]
    public async Task ListUnsupportedFilesAsync_FolderWithABinary_ListsItWithoutTouchingTheStore()
    {
        // Arrange
        _folder.WriteFile("README", "Plain words.\n");
        File.WriteAllBytes(Path.Combine(_folder.Path, "frobnicate"), ElfExecutable());

        // Act
        IReadOnlyList<string> unsupported = await new DocumentIngestor(_store, _generator).ListUnsupportedFilesAsync(_folder.Path, cancellationToken: Ct);

        // Assert
        Assert.Equal(["frobnicate"], unsupported);
        Assert.Empty(await _store.GetDocumentsAsync(Ct));
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
