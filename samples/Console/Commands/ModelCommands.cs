// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using System.Globalization;
using Rag.Cli.Rendering;
using Rag.Connectors.LlamaSharp;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rag.Cli.Commands;

/// <summary>Options of the <c>model</c> commands.</summary>
internal class ModelSettings : CommandSettings
{
    [CommandOption("--models-dir <DIR>")]
    [Description("Where GGUF models are kept (env RAG_MODELS_DIR).")]
    public string? ModelsDirectory { get; set; }

    [CommandOption("--json")]
    [Description("Write machine-readable JSON to standard output.")]
    public bool Json { get; set; }

    public ModelStore OpenStore() => new(ModelsDirectory ?? ModelStore.DefaultRootDirectory);
}

/// <summary><c>model list</c>: the recommended catalog and the models already downloaded.</summary>
internal sealed class ModelListCommand : Command<ModelSettings>
{
    public override int Execute(CommandContext context, ModelSettings settings, CancellationToken cancellationToken)
    {
        using ModelStore store = settings.OpenStore();
        IReadOnlyList<StoredModel> local = store.List();
        if (settings.Json)
        {
            JsonOutput.Write(new
            {
                directory = store.RootDirectory,
                catalog = ModelCatalog.Models.Select(m => new { name = m.Name, description = m.Description, license = m.License, sizeBytes = m.SizeBytes ?? m.ApproximateSizeBytes, downloaded = local.Any(l => l.CatalogName == m.Name) }),
                downloaded = local.Select(l => new { file = l.FileName, path = l.Path, sizeBytes = l.SizeBytes, catalogName = l.CatalogName }),
            });
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("Name", "Size", "Licence", "Downloaded", "Description");
        foreach (ModelCatalogEntry entry in ModelCatalog.Models)
        {
            bool downloaded = local.Any(l => l.CatalogName == entry.Name);
            table.AddRow(entry.Name, Size(entry.SizeBytes ?? entry.ApproximateSizeBytes), Markup.Escape(entry.License), downloaded ? "[green]yes[/]" : "no", Markup.Escape(entry.Description));
        }

        foreach (StoredModel other in local.Where(l => l.CatalogName is null))
        {
            table.AddRow(Markup.Escape(other.FileName), Size(other.SizeBytes), "—", "[green]yes[/]", "(downloaded from a URL)");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]Models folder: {Markup.Escape(store.RootDirectory)}[/]");
        return ExitCodes.Success;
    }

    internal static string Size(long bytes) => (bytes / 1_048_576.0).ToString("0 MB", CultureInfo.InvariantCulture);
}

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
                    ProgressTask task = ctx.AddTask(Markup.Escape(settings.NameOrUrl), maxValue: 1);
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
            AnsiConsole.MarkupLine($"[green]✓[/] {Markup.Escape(model!.Path)} ({ModelListCommand.Size(model.SizeBytes)}). Use it with --model {Markup.Escape(model.CatalogName ?? model.Path)}");
        }

        return ExitCodes.Success;
    }
}

/// <summary><c>model remove &lt;name&gt;</c>: deletes a downloaded model.</summary>
internal sealed class ModelRemoveCommand : Command<ModelRemoveCommand.Settings>
{
    public sealed class Settings : ModelSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("A catalog name or file name of a downloaded model.")]
        public string Name { get; set; } = string.Empty;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using ModelStore store = settings.OpenStore();
        if (!store.Remove(settings.Name))
        {
            throw new CliException($"No downloaded model named '{settings.Name}' in {store.RootDirectory}. See 'model list'.", ExitCodes.NotFound);
        }

        if (!settings.Json)
        {
            AnsiConsole.MarkupLine($"[green]✓[/] Removed {Markup.Escape(settings.Name)}.");
        }
        else
        {
            JsonOutput.Write(new { removed = settings.Name });
        }

        return ExitCodes.Success;
    }
}
