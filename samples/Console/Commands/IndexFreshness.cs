// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Cli.Configuration;
using Spectre.Console;

namespace Rag.Cli.Commands;

/// <summary>Before a query, brings the index up to date with its folder (cheap when nothing changed) and says what changed.</summary>
internal static class IndexFreshness
{
    public static async Task EnsureAsync(RagSession session, QuerySettings settings, CancellationToken cancellationToken)
    {
        if (settings.NoSync || session.Configuration.Folder is null)
        {
            if (!File.Exists(session.Configuration.IndexPath))
            {
                throw new CliException($"No index at '{session.Configuration.IndexPath}'. Run 'index <folder>' first.", ExitCodes.NotFound);
            }

            return;
        }

        FolderSyncResult result = await FolderIndexer.SyncAsync(session, settings.Json, reembed: false, retryFailed: false, cancellationToken);
        int changes = result.Added.Count + result.Changed.Count + result.Renamed.Count + result.Deleted.Count;
        if (changes > 0 && !settings.Json)
        {
            AnsiConsole.MarkupLine(
                $"[grey]Index updated: {result.Added.Count} added, {result.Changed.Count} changed, {result.Renamed.Count} renamed, {result.Deleted.Count} deleted{(result.Failed.Count > 0 ? $", {result.Failed.Count} failed (see 'status')" : string.Empty)}.[/]");
        }
    }
}
