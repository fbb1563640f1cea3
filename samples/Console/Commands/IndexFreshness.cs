// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Cli.Configuration;
using Spectre.Console;

namespace Rag.Cli.Commands;

/// <summary>
/// Before a query, brings the index up to date with its folder (cheap when nothing changed) and says what changed. A query never
/// deletes: documents whose file is not found are kept (an unmounted share must not empty the index) until 'index' removes them.
/// </summary>
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

        FolderSyncResult result = await FolderIndexer.SyncAsync(session, settings.Json, reembed: false, new IngestionOptions { DeleteMissingDocuments = false }, cancellationToken);
        int changes = result.Added.Count + result.Changed.Count + result.Renamed.Count;
        if (settings.Json)
        {
            return;
        }

        if (changes > 0)
        {
            AnsiConsole.MarkupLine(
                $"[grey]Index updated: {result.Added.Count} added, {result.Changed.Count} changed, {result.Renamed.Count} renamed{(result.Failed.Count > 0 ? $", {result.Failed.Count} failed (see 'status')" : string.Empty)}.[/]");
        }

        FolderIndexer.RenderKept(result);
    }
}
