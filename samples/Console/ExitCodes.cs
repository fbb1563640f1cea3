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

    /// <summary>Gets the stable name of an exit code, the <c>code</c> of a <c>--json</c> error object.</summary>
    public static string Name(int exitCode) => exitCode switch
    {
        Success => "ok",
        Usage => "usage",
        NotFound => "not_found",
        IndexUnavailable => "index_unavailable",
        ModelError => "model_error",
        IndexingHadFailures => "indexing_had_failures",
        Cancelled => "cancelled",
        _ => "failure",
    };
}
