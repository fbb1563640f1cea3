// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using Rag.Cli.Configuration;
using Rag.Cli.Rendering;
using Spectre.Console.Cli;

namespace Rag.Cli.Commands;

/// <summary><c>index &lt;folder&gt;</c>: brings the folder's index up to date (only new, changed, renamed and deleted files cost work).</summary>
internal sealed class IndexCommand : AsyncCommand<IndexCommand.Settings>
{
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

        [CommandOption("--allow-mass-delete")]
        [Description("Allow a sync that deletes most of the index, or everything under a folder that is empty now (refused by default: an unmounted share looks like that).")]
        public bool AllowMassDelete { get; set; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        CliConfiguration configuration = CliConfiguration.Resolve(settings, settings.FolderArgument);
        await using RagSession session = await RagSession.OpenAsync(configuration, useChatModel: false, cancellationToken);
        var options = new IngestionOptions { RetryFailed = settings.RetryFailed, AllowMassDeletion = settings.AllowMassDelete };
        FolderSyncResult result = await FolderIndexer.SyncAsync(session, settings.Json, settings.Reembed, options, cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(FolderIndexer.ToJson(result, configuration));
        }
        else
        {
            FolderIndexer.RenderSummary(result, configuration);
        }

        return result.Failed.Count > 0 ? ExitCodes.IndexingHadFailures : ExitCodes.Success;
    }
}
