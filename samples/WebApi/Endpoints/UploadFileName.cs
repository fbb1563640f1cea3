// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Endpoints;

/// <summary>Turns a client-supplied file name into a safe name inside the documents folder, or rejects it.</summary>
internal static class UploadFileName
{
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
        if (name.Length is 0 or > 200 || name.StartsWith('.') || name.IndexOfAny(s_invalid) >= 0)
        {
            return null;
        }

        string stem = Path.GetFileNameWithoutExtension(name).ToUpperInvariant();
        bool reserved = stem is "CON" or "PRN" or "AUX" or "NUL" || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && char.IsDigit(stem[3]));
        return reserved ? null : name;
    }
}
