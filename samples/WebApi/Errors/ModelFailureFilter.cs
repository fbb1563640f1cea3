// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Errors;

/// <summary>
/// Answers the model's expected refusals (<see cref="ModelFailure"/>) with their client error and logs them in one line,
/// without a stack trace: a long prompt or a busy model is the client's to fix or to retry, not a server failure.
/// </summary>
/// <remarks>
/// A failure can only be answered this way before the response starts: streaming endpoints therefore wait for the
/// model's first output before they return (<see cref="PrimedStream{T}"/>).
/// </remarks>
internal sealed partial class ModelFailureFilter(ILogger<ModelFailureFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (ModelFailure.ToClientError(e) is { } error)
        {
            LogRefused(logger, error.StatusCode, context.HttpContext.Request.Path.ToString(), error.Detail);
            return error;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered {Path} with {StatusCode}: {Detail}")]
    private static partial void LogRefused(ILogger logger, int statusCode, string path, string detail);
}
