// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Cli;

/// <summary>The process exit codes of the CLI, documented in the sample's README.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int IndexUnavailable = 4;
    public const int ModelError = 5;
    public const int IndexingHadFailures = 6;
    public const int Cancelled = 130;
}
