// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Cli;

/// <summary>An error the user can fix, shown in plain words with its exit code and no stack trace.</summary>
internal sealed class CliException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
