// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.OpenAICompatible;

/// <summary>Log messages of the OpenAI-compatible endpoints.</summary>
internal static partial class OpenAILog
{
    [LoggerMessage(1, LogLevel.Error, "Chat completion {CompletionId} failed after its stream had started; the connection was aborted.")]
    public static partial void StreamFailed(ILogger logger, Exception exception, string completionId);

    [LoggerMessage(2, LogLevel.Error, "An OpenAI-compatible request failed (trace id {TraceId}).")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string traceId);
}
