// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using Rag.Cli.Rendering;
using Rag.Connectors.LlamaSharp;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rag.Cli.Commands;

/// <summary><c>model pull &lt;name|url&gt;</c>: downloads a GGUF model (resumable, verified, atomic).</summary>
internal sealed class ModelPullCommand : AsyncCommand<ModelPullCommand.Settings>
{
    public sealed class Settings : ModelSettings
    {
        [CommandArgument(0, "<NAME_OR_URL>")]
        [Description("A catalog name (see 'model list') or an https URL of a .gguf file.")]
        public string NameOrUrl { get; set; } = string.Empty;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using ModelStore store = settings.OpenStore();
        StoredModel? model = null;
        if (settings.Json || Console.IsOutputRedirected)
        {
            model = await store.PullAsync(settings.NameOrUrl, progress: null, cancellationToken);
        }
        else
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    ProgressTask task = ctx.AddTask(TerminalText.Escape(settings.NameOrUrl), maxValue: 1);
                    var progress = new Progress<ModelDownloadProgress>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.TotalBytes ?? p.BytesDownloaded);
                        task.Value = p.BytesDownloaded;
                    });
                    model = await store.PullAsync(settings.NameOrUrl, progress, cancellationToken);
                    task.Value = task.MaxValue;
                });
        }

        if (settings.Json)
        {
            JsonOutput.Write(new { file = model!.FileName, path = model.Path, sizeBytes = model.SizeBytes });
        }
        else
        {
            AnsiConsole.MarkupLine($"[green]✓[/] {TerminalText.Escape(model!.Path)} ({ByteSizes.Format(model.SizeBytes)}). Use it with --model {TerminalText.Escape(model.CatalogName ?? model.Path)}");
        }

        return ExitCodes.Success;
    }
}
