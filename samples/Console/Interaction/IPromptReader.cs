// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Cli.Interaction;

/// <summary>Reads one line at the chat prompt, telling a Ctrl+C and the end of input apart from a line.</summary>
internal interface IPromptReader
{
    Task<PromptInput> ReadAsync(CancellationToken cancellationToken);
}
