// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using Rag.Cli.Configuration;
using Rag.Samples.Indexing;
using Rag.Cli.Rendering;
using Spectre.Console.Cli;

namespace Rag.Cli.Commands;

/// <summary>
/// <c>index &lt;folder&gt;</c>: brings the folder's index up to date (only new, changed, renamed and deleted files cost
/// work). One sync at a time per index: while another process indexes it, this exits 4 naming that process, or with
/// <c>--wait</c> waits for it and then does only what is left.
/// </summary>
internal sealed class IndexCommand : AsyncCommand<IndexCommand.Settings>
{
    private static readonly TimeSpan s_lockPollInterval = TimeSpan.FromMilliseconds(250);

    public sealed class Settings : KnowledgeBaseSettings
    {
        [CommandArgument(0, "<FOLDER>")]
        [Description("The folder of documents to index.")]
        public string FolderArgument { get; set; } = string.Empty;

        [CommandOption("--reembed")]
        [Description("Re-embed everything (needed after changing the embedding model).")]
        public bool Reembed { get; set; }

        [CommandOption("--retry-failed")]
        [Description("Try again files that failed before, even if they did not change.")]
        public bool RetryFailed { get; set; }

        [CommandOption("--wait")]
        [Description("When another process is indexing this folder, wait for it to finish instead of exiting with code 4.")]
        public bool Wait { get; set; }

        [CommandOption("--allow-mass-delete")]
        [Description("Allow a sync that deletes most of the index, or everything under a folder that is empty now (refused by default: an unmounted share looks like that).")]
        public bool AllowMassDelete { get; set; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        CliConfiguration configuration = CliConfiguration.Resolve(settings, settings.FolderArgument);
        using IndexWriteLock writeLock = await AcquireLockAsync(configuration.IndexPath, settings.Wait, cancellationToken);
        await using RagSession session = await RagSession.OpenAsync(configuration, useChatModel: false, readOnly: false, cancellationToken);
        var options = new IngestionOptions { RetryFailed = settings.RetryFailed, AllowMassDeletion = settings.AllowMassDelete };
        FolderSyncResult result = await FolderIndexer.SyncAsync(session, settings.Json, settings.Reembed, options, writeLock, cancellationToken);
        IReadOnlyList<string> previouslyFailed = await PreviouslyFailedAsync(session, result, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(FolderIndexer.ToJson(result, configuration, previouslyFailed));
        }
        else
        {
            FolderIndexer.RenderSummary(result, configuration, previouslyFailed);
        }

        // The index is not whole while any file in it is failed, whichever run failed it.
        return result.Failed.Count > 0 || previouslyFailed.Count > 0 ? ExitCodes.IndexingHadFailures : ExitCodes.Success;
    }

    /// <summary>Gets the files the index records as failed that this run did not try again.</summary>
    private static async Task<IReadOnlyList<string>> PreviouslyFailedAsync(RagSession session, FolderSyncResult result, CancellationToken cancellationToken)
    {
        var failedNow = new HashSet<string>(result.Failed.Select(f => f.Path), StringComparer.Ordinal);
        IReadOnlyList<DocumentRecord> documents = await session.Store.GetDocumentsAsync(cancellationToken);
        return [.. documents.Where(d => d.Status == DocumentStatus.Failed && !failedNow.Contains(d.Path)).Select(d => d.Path)];
    }

    private static async Task<IndexWriteLock> AcquireLockAsync(string indexPath, bool wait, CancellationToken cancellationToken)
    {
        if (wait)
        {
            return await IndexWriteLock.AcquireAsync(
                indexPath,
                TimeProvider.System,
                s_lockPollInterval,
                holder => Console.Error.WriteLine($"This folder is being indexed by {IndexLockHolder.Describe(holder)}; waiting for it to finish (Ctrl+C to stop)."),
                cancellationToken);
        }

        return IndexWriteLock.TryAcquire(indexPath, TimeProvider.System, out IndexLockHolder? holder)
            ?? throw new CliException(
                $"This folder is already being indexed by {IndexLockHolder.Describe(holder)} (lock file '{IndexWriteLock.PathFor(indexPath)}'). Wait for it to finish, or run again with --wait.",
                ExitCodes.IndexUnavailable);
    }
}
