// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Cli.Configuration;
using Spectre.Console.Cli;

namespace Rag.Cli.Diagnostics;

/// <summary>Starts a <see cref="TraceSummary"/> before a command whose settings ask for it (<c>--trace</c>).</summary>
internal sealed class TraceInterceptor : ICommandInterceptor, IDisposable
{
    private TraceSummary? _summary;

    public void Intercept(CommandContext context, CommandSettings settings)
    {
        if (settings is CliSettings { Trace: true })
        {
            _summary ??= new TraceSummary();
        }
    }

    /// <summary>Writes the summary when one was started (the command may have failed).</summary>
    public void WriteSummary(TextWriter writer) => _summary?.Write(writer);

    public void Dispose() => _summary?.Dispose();
}
