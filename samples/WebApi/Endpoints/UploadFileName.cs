// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;

namespace Rag.WebApi.Endpoints;

/// <summary>Turns a client-supplied file name into a safe name inside the documents folder, or rejects it.</summary>
internal static class UploadFileName
{
    private const int MaxNameBytes = 200;

    private static readonly char[] s_invalid = [.. Path.GetInvalidFileNameChars(), '\\', '/', ':', '*', '?', '"', '<', '>', '|'];

    /// <summary>Returns the sanitised name, or <see langword="null"/> when nothing safe remains (traversal, control characters, reserved names).</summary>
    public static string? Sanitize(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Contains("..", StringComparison.Ordinal) || fileName.Any(char.IsControl))
        {
            return null;
        }

        // Keep only the last path segment, whatever separator the client used.
        string name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..].Trim();
        // File systems limit a name to 255 bytes (not characters); the temporary upload name adds 44 to it.
        if (name.Length == 0 || Encoding.UTF8.GetByteCount(name) > MaxNameBytes || name.StartsWith('.') || name.EndsWith('.') || name.IndexOfAny(s_invalid) >= 0)
        {
            return null;
        }

        // Windows reserves these device names whatever follows the first dot (NUL.txt, con.tar.gz).
        string stem = name.Split('.')[0].TrimEnd().ToUpperInvariant();
        bool reserved = stem is "CON" or "PRN" or "AUX" or "NUL" or "CONIN$" or "CONOUT$" || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && char.IsDigit(stem[3]));
        return reserved ? null : name;
    }
}
