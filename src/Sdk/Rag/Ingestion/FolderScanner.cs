// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace Rag.Ingestion;

/// <summary>
/// Lists the files of a folder to ingest: include/exclude globs, ignore files, registered extensions, and untyped text files
/// (<see cref="UntypedTextFiles"/>). Symbolic links are not followed (a link can lead out of the folder or back into it;
/// a target inside the folder is ingested under its own path) but are reported, with broken links, in <see cref="FolderScan.Links"/>.
/// Folders that cannot be listed and folders with no entries are reported, so that their documents are not taken for deleted files.
/// A file the file system fails on (it vanished, access was denied) is listed with its <see cref="SourceFile.ScanError"/> and
/// fails alone; a file name that is not valid UTF-8 (Linux) is listed under its escaped name (see
/// <see cref="UndecodableFileNames"/>) and read by its raw bytes.
/// </summary>
internal static class FolderScanner
{
    /// <summary>Lists a folder's entries, the way <see cref="Scan"/> does unless told otherwise: not recursive, links included, failures thrown.</summary>
    public static IEnumerable<FileSystemInfo> ListEntries(DirectoryInfo directory) =>
        directory.EnumerateFileSystemInfos("*", new EnumerationOptions { IgnoreInaccessible = false, RecurseSubdirectories = false, AttributesToSkip = 0 });

    /// <summary>Scans <paramref name="root"/>.</summary>
    /// <param name="root">The folder to scan.</param>
    /// <param name="options">The globs and ignore-file name.</param>
    /// <param name="readers">The registered readers, which decide what is supported.</param>
    /// <param name="listEntries">Lists one folder's entries (<see cref="ListEntries"/>); an <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> marks the folder unreadable.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <exception cref="ArgumentException">An include or exclude pattern of <paramref name="options"/> is not a valid glob.</exception>
    public static FolderScan Scan(string root, IngestionOptions options, DocumentReaderRegistry readers, Func<DirectoryInfo, IEnumerable<FileSystemInfo>> listEntries, CancellationToken cancellationToken)
    {
        GlobPattern[] include = [.. options.Include.Select(p => OptionPattern(p, nameof(IngestionOptions.Include)))];
        GlobPattern[] exclude = [.. options.Exclude.Select(p => OptionPattern(p, nameof(IngestionOptions.Exclude)))];
        var files = new List<SourceFile>();
        var unreadable = new List<string>();
        var empty = new List<string>();
        var unsupported = new List<string>();
        var links = new List<string>();
        var warnings = new List<IngestionWarning>();
        Walk(new DirectoryInfo(root), string.Empty, IgnoreRules.Empty);
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        unsupported.Sort(StringComparer.Ordinal);
        links.Sort(StringComparer.Ordinal);
        return new FolderScan(files, unreadable, empty, unsupported, links, warnings);

        GlobPattern OptionPattern(string pattern, string option)
        {
            try
            {
                return GlobPattern.Create(pattern.Replace('\\', '/').TrimStart('/'), floating: false);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException($"The IngestionOptions.{option} pattern '{pattern}' is not a valid glob: {ex.Message}.", nameof(options), ex);
            }
        }

        void Walk(DirectoryInfo directory, string relative, IgnoreRules rules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.IgnoreFileName is { Length: > 0 } ignoreName)
            {
                string ignorePath = Path.Combine(directory.FullName, ignoreName);
                string ignoreRelative = Combine(relative, ignoreName);
                try
                {
                    if (File.Exists(ignorePath))
                    {
                        rules = rules.With(relative, ignoreRelative, File.ReadAllText(ignorePath), warnings);
                    }
                }
                catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
                {
                    // Without its rules the folder's ignored files would be indexed: the folder is treated as unreadable instead.
                    warnings.Add(new IngestionWarning(ignoreRelative, $"could not be read ({ex.Message}); the folder's documents are kept as they are."));
                    unreadable.Add(relative);
                    return;
                }
            }

            List<FileSystemInfo> entries;
            try
            {
                entries = [.. listEntries(directory).OrderBy(e => e.Name, StringComparer.Ordinal)];
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                unreadable.Add(relative);
                return;
            }

            if (entries.Count == 0)
            {
                empty.Add(relative);
            }

            bool undecodable = false;
            foreach (FileSystemInfo entry in entries)
            {
                // .NET decodes an invalid UTF-8 name with U+FFFD, and that path names no file: list those by their bytes.
                if (OperatingSystem.IsLinux() && entry.Name.Contains('\uFFFD', StringComparison.Ordinal) && !Path.Exists(entry.FullName))
                {
                    undecodable = true;
                    continue;
                }

                string path = Combine(relative, entry.Name);
                if (IsLink(entry))
                {
                    if (entry is DirectoryInfo ? !IsPruned(path, rules) : !IsLeftOut(entry.Name, path, rules))
                    {
                        links.Add(path);
                    }
                }
                else if (entry is DirectoryInfo subdirectory)
                {
                    if (!IsPruned(path, rules))
                    {
                        Walk(subdirectory, path, rules);
                    }
                }
                else if (entry is FileInfo file && Select(entry.Name, path, rules) is var selection and not Selection.None)
                {
                    try
                    {
                        bool asText = selection == Selection.ByContent;
                        if (asText)
                        {
                            using FileStream content = file.Open(FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                            if (!IsText(path, content))
                            {
                                continue;
                            }
                        }

                        files.Add(new SourceFile(file.FullName, path, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)) { ReadAsText = asText });
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        files.Add(Unexamined(file.FullName, path, ex));
                    }
                }
            }

            if (undecodable && OperatingSystem.IsLinux())
            {
                AddUndecodable(directory, relative, rules);
            }
        }

        void AddUndecodable(DirectoryInfo directory, string relative, IgnoreRules rules)
        {
            byte[] directoryBytes = Encoding.UTF8.GetBytes(directory.FullName);
            foreach ((byte[] name, bool isDirectory) in UndecodableFileNames.List(directory.FullName))
            {
                string escaped = UndecodableFileNames.Escape(name);
                string path = Combine(relative, escaped);
                string fullName = Path.Combine(directory.FullName, escaped);
                if (isDirectory)
                {
                    // .NET cannot list a folder by a name that is not UTF-8: reported like any folder that cannot be listed.
                    if (!IsPruned(path, rules))
                    {
                        unreadable.Add(path);
                    }

                    continue;
                }

                Selection selection = Select(escaped, path, rules);
                if (selection == Selection.None || files.Any(f => string.Equals(f.RelativePath, path, StringComparison.Ordinal)))
                {
                    continue;
                }

                byte[] fullPath = [.. directoryBytes, (byte)'/', .. name];
                try
                {
                    using FileStream stream = UndecodableFileNames.OpenRead(fullPath, path);
                    bool asText = selection == Selection.ByContent;
                    if (!asText || IsText(path, stream))
                    {
                        files.Add(new SourceFile(fullName, path, stream.Length, new DateTimeOffset(File.GetLastWriteTimeUtc(stream.SafeFileHandle), TimeSpan.Zero)) { RawFullPath = fullPath, ReadAsText = asText });
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    files.Add(Unexamined(fullName, path, ex));
                }
            }
        }

        // Prune a folder when it is ignored or an exclude pattern matches everything below it.
        bool IsPruned(string path, IgnoreRules rules) =>
            rules.IsIgnored(path, isDirectory: true) || exclude.Any(e => e.IsMatch(path + "/\u0001"));

        // A file the globs and ignore rules select but no reader handles is reported as unsupported, not ingested, unless
        // its name leaves the type to its content (README, LICENSE) and a plain-text reader is registered.
        Selection Select(string name, string path, IgnoreRules rules)
        {
            if (IsLeftOut(name, path, rules))
            {
                return Selection.None;
            }

            if (readers.TryGetReader(name, out _))
            {
                return Selection.ByType;
            }

            if (UntypedTextFiles.IsCandidate(name) && readers.TryGetPlainTextReader(out _))
            {
                return Selection.ByContent;
            }

            unsupported.Add(path);
            return Selection.None;
        }

        // A file the ignore file itself, the globs or the ignore rules leave out.
        bool IsLeftOut(string name, string path, IgnoreRules rules) =>
            string.Equals(name, options.IgnoreFileName, StringComparison.Ordinal)
            || !include.Any(i => i.IsMatch(path))
            || exclude.Any(e => e.IsMatch(path))
            || rules.IsIgnored(path, isDirectory: false);

        // A file whose content is not text is reported as unsupported like a file of an unknown type.
        bool IsText(string path, Stream content)
        {
            if (UntypedTextFiles.IsText(content))
            {
                return true;
            }

            unsupported.Add(path);
            return false;
        }
    }

    // A symbolic link; an entry whose attributes cannot be read (-1, a path past the system limit) is not taken for one,
    // so that the folder it names is reported as unreadable when listing it fails.
    private static bool IsLink(FileSystemInfo entry) =>
        entry.Attributes is var attributes && attributes != (FileAttributes)(-1) && attributes.HasFlag(FileAttributes.ReparsePoint);

    /// <summary>How a file is selected: not at all, by its type's reader, or as plain text if its content is text.</summary>
    private enum Selection
    {
        None,
        ByType,
        ByContent,
    }

    private static string Combine(string relative, string name) => relative.Length == 0 ? name : string.Concat(relative, "/", name);

    private static SourceFile Unexamined(string fullName, string path, Exception ex) =>
        new(fullName, path, 0, default) { ScanError = $"The file could not be examined: {ex.Message}" };
}
