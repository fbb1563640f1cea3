// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.ComponentModel;
using Rag.Cli.Rendering;
using Rag.Connectors.LlamaSharp;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Rag.Cli.Commands;

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
            AnsiConsole.MarkupLine($"[green]✓[/] Removed {TerminalText.Escape(settings.Name)}.");
        }
        else
        {
            JsonOutput.Write(new { removed = settings.Name });
        }

        return ExitCodes.Success;
    }
}
