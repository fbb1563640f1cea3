// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Rag.Connectors.Tesseract;

/// <summary>
/// Recognised pages on disk, one JSON file per image, named by the SHA-256 of the image bytes, the languages and the
/// Tesseract version: the same page image read again (a re-sync of a changed file, a re-embedding) is never recognised twice.
/// </summary>
/// <remarks>Writes go to a temporary file that is then moved into place, so a reader never sees half an entry; an unreadable entry is a miss.</remarks>
internal sealed class OcrPageCache(string directory)
{
    public static string Key(ReadOnlySpan<byte> image, TesseractInstallation installation)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(image);
        hash.AppendData(Encoding.UTF8.GetBytes("\n" + installation.Languages + "\n" + installation.Version));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public async Task<List<OcrPage>?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        string path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            byte[] json = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<List<OcrPage>>(json);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public async Task StoreAsync(string key, IReadOnlyList<OcrPage> pages, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        string path = PathOf(key);
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(pages), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private string PathOf(string key) => Path.Combine(directory, key + ".json");
}
