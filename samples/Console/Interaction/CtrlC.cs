// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Cli.Interaction;

/// <summary>
/// Routes Ctrl+C (SIGINT), the process's one handler. While a scope is captured (a chat answer being written, a chat
/// prompt reading piped input) the next Ctrl+C cancels only that scope. Otherwise the first Ctrl+C cancels the command
/// cleanly (the index stays consistent: each document is replaced atomically) and a second one kills the process.
/// </summary>
internal static class CtrlC
{
    private static readonly CancellationTokenSource s_command = new();
    private static CancellationTokenSource? s_scope;

    /// <summary>Gets the token cancelled by a Ctrl+C that no scope captured.</summary>
    public static CancellationToken CommandToken => s_command.Token;

    public static void Install() => Console.CancelKeyPress += OnCancelKeyPress;

    /// <summary>Sends the next Ctrl+C to the returned scope instead of the command, until the scope is disposed.</summary>
    public static Scope Capture()
    {
        var scope = new Scope();
        Volatile.Write(ref s_scope, scope.Source);
        return scope;
    }

    private static void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (Interlocked.Exchange(ref s_scope, null) is { } scope)
        {
            e.Cancel = true;
            try
            {
                scope.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The scope ended while the signal arrived: there is nothing left to stop.
            }

            return;
        }

        e.Cancel = !s_command.IsCancellationRequested;
        s_command.Cancel();
    }

    /// <summary>A span of work that the next Ctrl+C stops without ending the command.</summary>
    internal sealed class Scope : IDisposable
    {
        internal CancellationTokenSource Source { get; } = new();

        /// <summary>Gets the token cancelled by the Ctrl+C this scope captured.</summary>
        public CancellationToken Token => Source.Token;

        public void Dispose()
        {
            Interlocked.CompareExchange(ref s_scope, null, Source);
            Source.Dispose();
        }
    }
}
