// Copyright (c) Rag contributors. Licensed under the MIT License.

using Spectre.Console.Cli;

namespace Rag.Cli.Commands;

/// <summary><c>model</c> without a subcommand: a usage error (exit 2) that names the subcommands.</summary>
internal sealed class ModelBranchCommand : Command<EmptyCommandSettings>
{
    public override int Execute(CommandContext context, EmptyCommandSettings settings, CancellationToken cancellationToken) =>
        throw new CliException("'model' needs a subcommand: list, pull, remove or quantize (see 'model --help').", ExitCodes.Usage);
}
