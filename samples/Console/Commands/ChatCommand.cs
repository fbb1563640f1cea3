// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Cli.Configuration;
using Rag.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rag.Cli.Commands;

/// <summary><c>chat</c>: an interactive conversation; follow-up questions are understood in the context of earlier ones.</summary>
internal sealed class ChatCommand : AsyncCommand<QuerySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, QuerySettings settings, CancellationToken cancellationToken)
    {
        CliConfiguration configuration = CliConfiguration.Resolve(settings);
        await using RagSession session = await RagSession.OpenAsync(configuration, useChatModel: true, cancellationToken);
        await IndexFreshness.EnsureAsync(session, settings, cancellationToken);

        var conversation = new Conversation();
        if (!settings.Json)
        {
            AnsiConsole.MarkupLine("[grey]Ask about your documents. Commands: /clear forgets the conversation, /exit (or an empty line at end of input) quits.[/]");
        }

        // Piped input (a script, a file of questions) gets a readable transcript: each question is echoed after its prompt.
        bool piped = Console.IsInputRedirected;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!settings.Json && !piped)
            {
                AnsiConsole.Markup("[bold green]?[/] ");
            }

            string? line = await Console.In.ReadLineAsync(cancellationToken);
            if (!settings.Json && piped && !string.IsNullOrWhiteSpace(line))
            {
                AnsiConsole.MarkupLine($"[bold green]?[/] {TerminalText.Escape(line.Trim())}");
            }

            if (line is null || line.Trim() is "/exit" or "/quit")
            {
                break;
            }

            if (line.Trim() == "/clear")
            {
                conversation.Clear();
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            await AnswerRenderer.AskAsync(
                session.KnowledgeBase,
                line,
                new AskOptions { Search = settings.ToSearchOptions(configuration), Conversation = conversation },
                settings.Json,
                cancellationToken);
        }

        return ExitCodes.Success;
    }
}
