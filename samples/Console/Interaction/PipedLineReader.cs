// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Threading.Channels;

namespace Rag.Cli.Interaction;

/// <summary>
/// Reads piped standard input line by line on a background thread, so that a Ctrl+C (SIGINT) can interrupt the wait for the
/// next line; the line then still arrives for the next prompt.
/// </summary>
internal sealed class PipedLineReader : IPromptReader
{
    private readonly Channel<string?> _lines = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public PipedLineReader(TextReader input) =>
        _ = Task.Factory.StartNew(() => Pump(input), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public async Task<PromptInput> ReadAsync(CancellationToken cancellationToken)
    {
        using CtrlC.Scope interrupt = CtrlC.Capture();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interrupt.Token);
        try
        {
            string? line = await _lines.Reader.ReadAsync(wait.Token);
            return line is null ? new PromptInput(PromptInputKind.EndOfInput, string.Empty) : new PromptInput(PromptInputKind.Line, line);
        }
        catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
        {
            return new PromptInput(PromptInputKind.Interrupted, string.Empty);
        }
        catch (ChannelClosedException)
        {
            return new PromptInput(PromptInputKind.EndOfInput, string.Empty);
        }
    }

    private void Pump(TextReader input)
    {
        string? line;
        do
        {
            line = input.ReadLine();
            _lines.Writer.TryWrite(line);
        }
        while (line is not null);

        _lines.Writer.Complete();
    }
}
