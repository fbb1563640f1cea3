// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace Rag.Ingestion;

/// <summary>
/// Lists the files of a folder to ingest: include/exclude globs, ignore files, registered extensions; symbolic links are not followed.
/// Folders that cannot be listed and folders with no entries are reported, so that their documents are not taken for deleted files.
/// </summary>
internal static class FolderScanner
{
    public static FolderScan Scan(string root, IngestionOptions options, DocumentReaderRegistry readers, CancellationToken cancellationToken)
    {
        GlobPattern[] include = [.. options.Include.Select(p => GlobPattern.Create(p.Replace('\\', '/').TrimStart('/'), floating: false))];
        GlobPattern[] exclude = [.. options.Exclude.Select(p => GlobPattern.Create(p.Replace('\\', '/').TrimStart('/'), floating: false))];
        var files = new List<SourceFile>();
        var unreadable = new List<string>();
        var empty = new List<string>();
        Walk(new DirectoryInfo(root), string.Empty, IgnoreRules.Empty);
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new FolderScan(files, unreadable, empty);

        void Walk(DirectoryInfo directory, string relative, IgnoreRules rules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.IgnoreFileName is { Length: > 0 } ignoreName)
            {
                string ignorePath = Path.Combine(directory.FullName, ignoreName);
                if (File.Exists(ignorePath))
                {
                    rules = rules.With(relative, File.ReadAllText(ignorePath));
                }
            }

            var enumeration = new EnumerationOptions { IgnoreInaccessible = false, RecurseSubdirectories = false, AttributesToSkip = FileAttributes.ReparsePoint };
            List<FileSystemInfo> entries;
            try
            {
                entries = [.. directory.EnumerateFileSystemInfos("*", enumeration).OrderBy(e => e.Name, StringComparer.Ordinal)];
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

            foreach (FileSystemInfo entry in entries)
            {
                string path = relative.Length == 0 ? entry.Name : string.Concat(relative, "/", entry.Name);
                if (entry is DirectoryInfo subdirectory)
                {
                    // Prune a folder when an exclude pattern matches everything below it.
                    string probe = path + "/\u0001";
                    if (!rules.IsIgnored(path, isDirectory: true) && !exclude.Any(e => e.IsMatch(probe)))
                    {
                        Walk(subdirectory, path, rules);
                    }
                }
                else if (entry is FileInfo file
                    && !string.Equals(entry.Name, options.IgnoreFileName, StringComparison.Ordinal)
                    && readers.TryGetReader(entry.Name, out _)
                    && include.Any(i => i.IsMatch(path))
                    && !exclude.Any(e => e.IsMatch(path))
                    && !rules.IsIgnored(path, isDirectory: false))
                {
                    files.Add(new SourceFile(file.FullName, path, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)));
                }
            }
        }
    }
}
