// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Rag.Ingestion;

/// <summary>Decides whether the deletions a sync is about to make look like a lost folder rather than deleted files.</summary>
internal static class MassDeletionCheck
{
    /// <summary>The fewest deletions that count as "most of the index" (20), so that small folders can lose files freely.</summary>
    internal const int MinimumMassDeletion = 20;

    /// <summary>The fewest deletions under a folder now empty that look like a lost folder (2): deleting a folder's only file is ordinary.</summary>
    internal const int MinimumEmptiedFolderDeletion = 2;

    /// <summary>Gets why deleting <paramref name="deletions"/> is refused, or <see langword="null"/> when it may go ahead.</summary>
    /// <param name="deletions">The documents whose files are gone.</param>
    /// <param name="storedCount">The number of documents in the store before the sync.</param>
    /// <param name="scan">The folder as scanned now.</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public static string? Refusal(IReadOnlyCollection<DocumentRecord> deletions, int storedCount, FolderScan scan)
    {
        if (deletions.Count == 0)
        {
            return null;
        }

        foreach (string folder in scan.EmptyFolders)
        {
            int under = deletions.Count(d => FolderScan.IsUnder(d.Path, folder));
            if (under >= MinimumEmptiedFolderDeletion)
            {
                string where = folder.Length == 0 ? "the synced folder" : $"'{folder}/'";
                return string.Create(CultureInfo.InvariantCulture, $"The sync would delete the {under:N0} indexed documents under {where}, which is empty now (an unmounted share or an unplugged disk?). Nothing was deleted.");
            }
        }

        // Only an ignore file or the index's own folder left: every document gone at once looks like a moved or lost folder.
        if (scan.Files.Count == 0 && deletions.Count >= MinimumEmptiedFolderDeletion && deletions.Count == storedCount)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The sync would delete all {storedCount:N0} indexed documents: the synced folder holds no document to index now (moved, or an unmounted share?). Nothing was deleted.");
        }

        if (deletions.Count >= MinimumMassDeletion && deletions.Count * 2 > storedCount)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The sync would delete {deletions.Count:N0} of the {storedCount:N0} indexed documents (their files are gone or no longer included). Nothing was deleted.");
        }

        return null;
    }

    /// <summary>Gets why a rebuild (re-embedding) that would drop <paramref name="lost"/> is refused, or <see langword="null"/> when it may go ahead.</summary>
    /// <param name="lost">The stored documents whose file the scan did not find: a rebuild drops them.</param>
    /// <param name="storedCount">The number of documents in the store before the rebuild.</param>
    /// <param name="scan">The folder as scanned now.</param>
    /// <param name="options">The sync's options: a sync that does not delete never drops documents; one that allows mass deletion may.</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public static string? ResetRefusal(IReadOnlyCollection<DocumentRecord> lost, int storedCount, FolderScan scan, IngestionOptions options)
    {
        if (lost.Count == 0)
        {
            return null;
        }

        if (!options.DeleteMissingDocuments)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Re-embedding would drop the {lost.Count:N0} indexed documents whose file was not found, and this sync does not delete (IngestionOptions.DeleteMissingDocuments is off). Nothing was changed.");
        }

        if (options.AllowMassDeletion)
        {
            return null;
        }

        int unlisted = lost.Count(d => scan.UnreadableFolders.Any(f => FolderScan.IsUnder(d.Path, f)));
        if (unlisted > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Re-embedding would drop the {unlisted:N0} indexed documents under folders that could not be listed now ({string.Join(", ", scan.UnreadableFolders.Select(f => f.Length == 0 ? "the synced folder" : $"'{f}/'"))}). Nothing was changed; make them readable, or re-embed with IngestionOptions.AllowMassDeletion to drop them.");
        }

        return Refusal(lost, storedCount, scan) is { } refusal
            ? refusal.Replace("The sync would delete", "Re-embedding would drop", StringComparison.Ordinal) + " Re-embed with IngestionOptions.AllowMassDeletion if the files are really gone."
            : null;
    }
}
