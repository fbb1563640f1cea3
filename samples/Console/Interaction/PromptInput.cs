// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Cli.Interaction;

/// <summary>What the user did at the chat prompt.</summary>
internal enum PromptInputKind
{
    /// <summary>Entered a line.</summary>
    Line,

    /// <summary>Pressed Ctrl+C; <see cref="PromptInput.Text"/> is the line it cleared.</summary>
    Interrupted,

    /// <summary>Ended the input (Ctrl+D, or the end of piped input).</summary>
    EndOfInput,
}

/// <summary>One answer from the chat prompt.</summary>
/// <param name="Kind">What the user did.</param>
/// <param name="Text">The line entered, or the line Ctrl+C cleared; empty otherwise.</param>
internal readonly record struct PromptInput(PromptInputKind Kind, string Text);
