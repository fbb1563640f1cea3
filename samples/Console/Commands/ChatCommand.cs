// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Cli.Configuration;
using Rag.Cli.Interaction;
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
        await using RagSession session = await IndexFreshness.OpenAsync(configuration, settings, useChatModel: true, cancellationToken);

        var conversation = new Conversation();
        if (!settings.Json)
        {
            AnsiConsole.MarkupLine("[grey]Ask about your documents. Commands: /clear forgets the conversation, /exit (or Ctrl+D) quits; Ctrl+C stops an answer or clears the line.[/]");
        }

        // Piped input (a script, a file of questions) gets a readable transcript: each question is echoed after its prompt.
        bool piped = Console.IsInputRedirected;
        IPromptReader reader = piped ? new PipedLineReader(Console.In) : new TerminalLineEditor();
        bool exitOnNextInterrupt = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!settings.Json && !piped)
            {
                AnsiConsole.Markup("[bold green]?[/] ");
            }

            PromptInput input = await reader.ReadAsync(cancellationToken);
            if (input.Kind == PromptInputKind.Interrupted)
            {
                // Like a REPL: Ctrl+C clears the line; at an empty prompt it says how to quit, and a second one quits.
                if (input.Text.Length == 0 && exitOnNextInterrupt)
                {
                    break;
                }

                exitOnNextInterrupt = input.Text.Length == 0;
                if (exitOnNextInterrupt && !settings.Json)
                {
                    AnsiConsole.MarkupLine("[grey](To quit, press Ctrl+C again, press Ctrl+D or type /exit.)[/]");
                }

                continue;
            }

            exitOnNextInterrupt = false;
            string? line = input.Kind == PromptInputKind.Line ? input.Text : null;
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

            await AnswerAsync(session, configuration, settings, line, conversation, cancellationToken);
        }

        return ExitCodes.Success;
    }

    /// <summary>Answers one question; a Ctrl+C meanwhile stops this answer only, and the chat goes on.</summary>
    private static async Task AnswerAsync(RagSession session, CliConfiguration configuration, QuerySettings settings, string question, Conversation conversation, CancellationToken cancellationToken)
    {
        using CtrlC.Scope interrupt = CtrlC.Capture();
        using var answer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interrupt.Token);
        try
        {
            await AnswerRenderer.AskAsync(
                session.KnowledgeBase,
                question,
                new AskOptions { Search = settings.ToSearchOptions(configuration), Conversation = conversation },
                settings.Json ? AnswerFormat.JsonLine : AnswerFormat.Text,
                answer.Token);
        }
        catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("Answer stopped.");
        }
    }
}
