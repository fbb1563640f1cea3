// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using Spectre.Console;

namespace Rag.Cli.Rendering;

/// <summary>Streams an answer to the terminal as it is written, then shows where each cited fact came from.</summary>
internal static class AnswerRenderer
{
    public const string ExtractiveHint =
        "Extractive answer: sentences quoted from your documents. For generated answers, run 'model pull qwen2.5-0.5b-instruct' then add '--model qwen2.5-0.5b-instruct', or pass '--model path/to/model.gguf'.";

    /// <summary>Asks and renders; returns the final answer (also for JSON, where nothing but JSON is printed).</summary>
    public static async Task<Answer> AskAsync(KnowledgeBase knowledgeBase, string question, AskOptions options, AnswerFormat format, CancellationToken cancellationToken)
    {
        bool json = format != AnswerFormat.Text;
        Answer? answer = null;
        var stopwatch = Stopwatch.StartNew();
        bool streamed = false;
        try
        {
            await foreach (AnswerUpdate update in knowledgeBase.AskStreamingAsync(question, options, cancellationToken))
            {
                switch (update.Kind)
                {
                    case AnswerUpdateKind.TextDelta when !json:
                        AnsiConsole.Markup(TerminalText.Escape(update.Text));
                        streamed = true;
                        break;
                    case AnswerUpdateKind.Completed:
                        answer = update.Answer;
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (streamed)
        {
            // A stopped answer ends its line, so that what is printed next does not continue the streamed text.
            AnsiConsole.WriteLine();
            throw;
        }

        if (answer is null)
        {
            throw new InvalidOperationException("The answer stream ended without a final answer.");
        }

        if (json)
        {
            object record = JsonOutput.Answer(answer, stopwatch.Elapsed);
            if (format == AnswerFormat.JsonLine)
            {
                JsonOutput.WriteLine(record);
            }
            else
            {
                JsonOutput.Write(record);
            }

            return answer;
        }

        if (!streamed)
        {
            AnsiConsole.Markup(TerminalText.Escape(answer.Text));
        }

        AnsiConsole.WriteLine();
        RenderCitations(answer);
        return answer;
    }

    private static void RenderCitations(Answer answer)
    {
        if (answer.NotFound)
        {
            AnsiConsole.MarkupLine("[yellow]Not found in the documents.[/]");
            return;
        }

        if (answer.Citations.Count > 0)
        {
            AnsiConsole.MarkupLine("[bold]Sources[/]");
            foreach (Citation citation in answer.Citations)
            {
                NumberedEntries.Write(
                    $"[bold][[{citation.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)}]][/]",
                    $"[blue]{TerminalText.Escape(citation.Source.Path)}[/] [grey]({TerminalText.Escape(Locations.Describe(citation.Source))})[/]",
                    TerminalText.Escape(citation.Snippet));
            }
        }
        else
        {
            AnsiConsole.MarkupLine("[yellow]Warning: the answer cites no source; treat it with care.[/]");
        }

        if (answer.RemovedCitations.Count > 0)
        {
            AnsiConsole.MarkupLine($"[grey]Removed citation markers that pointed to no source: {string.Join(", ", answer.RemovedCitations)}[/]");
        }

        if (answer.IsExtractive)
        {
            AnsiConsole.MarkupLine($"[grey]{TerminalText.Escape(ExtractiveHint)}[/]");
        }
    }
}
