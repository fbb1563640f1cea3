// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Rag.Ingestion;

/// <summary>A file found in the synced folder.</summary>
internal sealed record SourceFile(string FullPath, string RelativePath, long Size, DateTimeOffset LastModified)
{
    /// <summary>Gets the raw bytes of the full path when the file name is not valid UTF-8 (Linux); then <see cref="FullPath"/> names no file.</summary>
    public byte[]? RawFullPath { get; init; }

    /// <summary>Gets a value indicating whether the file has no type of its own and is read as plain text because its content is text.</summary>
    public bool ReadAsText { get; init; }

    /// <summary>Gets why the scan could not examine the entry (it vanished, access was denied, ...); the file then fails alone.</summary>
    public string? ScanError { get; init; }

    /// <summary>Gets or sets the stored record of the same path, if any.</summary>
    public DocumentRecord? Existing { get; set; }

    /// <summary>Gets or sets the content hash, once computed.</summary>
    public string? ContentHash { get; set; }

    /// <summary>Opens the file for reading, by its raw name when it has one.</summary>
    /// <returns>The open file.</returns>
    public FileStream OpenRead() => RawFullPath is { } raw && OperatingSystem.IsLinux()
        ? UndecodableFileNames.OpenRead(raw, RelativePath)
        : new FileStream(FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);

    /// <summary>Reads the whole file.</summary>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The bytes.</returns>
    public async Task<byte[]> ReadAllBytesAsync(CancellationToken cancellationToken)
    {
        if (RawFullPath is null)
        {
            return await File.ReadAllBytesAsync(FullPath, cancellationToken);
        }

        await using FileStream stream = OpenRead();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
