// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Rag.Reliability;

/// <summary>
/// Every version of every generated file ever written (see <see cref="CorpusGenerator"/>), so a returned chunk can be
/// checked: its text must appear whole in one written version of its own file, and carry that version's marker only.
/// </summary>
internal sealed partial class ChunkVersionRegistry
{
    private readonly ConcurrentDictionary<string, string> _versions = new(StringComparer.Ordinal);

    /// <summary>The file name of generated file <paramref name="file"/>.</summary>
    public static string FileName(int file) => string.Create(CultureInfo.InvariantCulture, $"note-{file:D4}.txt");

    /// <summary>Records a version; call it before the version is written anywhere a reader could see it.</summary>
    public void Register(int file, int version, string text) => _versions[CorpusGenerator.Marker(file, version)] = Normalize(text);

    /// <summary>Returns why <paramref name="text"/> (a chunk of <paramref name="path"/>) matches no written version, or <see langword="null"/> when it matches one.</summary>
    public string? Check(string path, string text)
    {
        string[] markers = [.. MarkerRegex().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal)];
        string normalized = Normalize(text);
        string name = Path.GetFileNameWithoutExtension(path);
        bool ownFile = name.StartsWith("note-", StringComparison.Ordinal) && int.TryParse(name.AsSpan(5), CultureInfo.InvariantCulture, out int file)
            && markers.Length == 1 && markers[0].StartsWith(string.Create(CultureInfo.InvariantCulture, $"doc{file}v"), StringComparison.Ordinal);
        return ownFile && _versions.TryGetValue(markers[0], out string? version) && version.Contains(normalized, StringComparison.Ordinal)
            ? null
            : $"{path} markers [{string.Join(",", markers)}]: \"{(normalized.Length > 80 ? normalized[..80] : normalized)}\"";
    }

    private static string Normalize(string text) => WhitespaceRegex().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"doc\d+v\d+")]
    private static partial Regex MarkerRegex();
}
