// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using Rag.Cli.Configuration;
using Rag.Cli.Rendering;
using Spectre.Console.Cli;

namespace Rag.Cli.Commands;

/// <summary><c>search "&lt;query&gt;"</c>: ranked passages with the query's terms highlighted.</summary>
internal sealed class SearchCommand : AsyncCommand<SearchCommand.Settings>
{
    public sealed class Settings : QuerySettings
    {
        [CommandArgument(0, "<QUERY>")]
        [Description("What to search for.")]
        public string Query { get; set; } = string.Empty;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Query))
        {
            throw new CliException("The query is empty.", ExitCodes.Usage);
        }

        CliConfiguration configuration = CliConfiguration.Resolve(settings);
        await using RagSession session = await IndexFreshness.OpenAsync(configuration, settings, useChatModel: false, cancellationToken);
        IReadOnlyList<Source> results = await session.KnowledgeBase.SearchAsync(settings.Query, settings.ToSearchOptions(configuration), cancellationToken);
        if (settings.Json)
        {
            JsonOutput.Write(new { query = settings.Query, results = results.Select(JsonOutput.Source) });
        }
        else
        {
            SearchRenderer.Render(settings.Query, results);
        }

        return ExitCodes.Success;
    }
}
