// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;

namespace Rag.Cli.Interaction;

/// <summary>
/// Reads a line from the terminal key by key, so that Ctrl+C clears the line typed so far (the terminal's own line
/// buffer would keep it) and Ctrl+D on an empty line ends the input. Editing: typing and Backspace.
/// </summary>
internal sealed class TerminalLineEditor : IPromptReader
{
    private const char CtrlCKey = '\u0003';
    private const char CtrlDKey = '\u0004';

    public Task<PromptInput> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        bool treatControlCAsInput = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        try
        {
            return Task.FromResult(ReadLine());
        }
        finally
        {
            Console.TreatControlCAsInput = treatControlCAsInput;
        }
    }

    private static PromptInput ReadLine()
    {
        var line = new StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            switch (key.KeyChar)
            {
                case '\r' or '\n':
                    Console.WriteLine();
                    return new PromptInput(PromptInputKind.Line, line.ToString());
                case CtrlCKey:
                    Console.WriteLine("^C");
                    return new PromptInput(PromptInputKind.Interrupted, line.ToString());
                case CtrlDKey when line.Length == 0:
                    Console.WriteLine();
                    return new PromptInput(PromptInputKind.EndOfInput, string.Empty);
                case '\b' or '\u007f' when line.Length > 0:
                    line.Length--;
                    Console.Write("\b \b");
                    break;
                case >= ' ' and not '\u007f':
                    line.Append(key.KeyChar);
                    Console.Write(key.KeyChar);
                    break;
            }
        }
    }
}
