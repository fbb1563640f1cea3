// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Cli.Rendering;
using Rag.Connectors.LlamaSharp;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rag.Cli.Commands;

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
            table.AddRow(entry.Name, ByteSizes.Format(entry.SizeBytes ?? entry.ApproximateSizeBytes), TerminalText.Escape(entry.License), downloaded ? "[green]yes[/]" : "no", TerminalText.Escape(entry.Description));
        }

        foreach (StoredModel other in local.Where(l => l.CatalogName is null))
        {
            table.AddRow(TerminalText.Escape(other.FileName), ByteSizes.Format(other.SizeBytes), "—", "[green]yes[/]", "(downloaded from a URL)");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]Models folder: {TerminalText.Escape(store.RootDirectory)}[/]");
        return ExitCodes.Success;
    }
}
