// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using Rag.Cli.Configuration;
using Rag.Cli.Rendering;
using Spectre.Console.Cli;

namespace Rag.Cli.Commands;

/// <summary><c>ask "&lt;question&gt;"</c>: streams a grounded answer, then the sources it cites.</summary>
internal sealed class AskCommand : AsyncCommand<AskCommand.Settings>
{
    public sealed class Settings : QuerySettings
    {
        [CommandArgument(0, "<QUESTION>")]
        [Description("The question, in quotes.")]
        public string Question { get; set; } = string.Empty;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Question))
        {
            throw new CliException("The question is empty.", ExitCodes.Usage);
        }

        CliConfiguration configuration = CliConfiguration.Resolve(settings);
        await using RagSession session = await IndexFreshness.OpenAsync(configuration, settings, useChatModel: true, cancellationToken);
        await AnswerRenderer.AskAsync(session.KnowledgeBase, settings.Question, new AskOptions { Search = settings.ToSearchOptions(configuration) }, settings.Json ? AnswerFormat.Json : AnswerFormat.Text, cancellationToken);
        return ExitCodes.Success;
    }
}
