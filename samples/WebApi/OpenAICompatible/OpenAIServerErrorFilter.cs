// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.OpenAICompatible;

/// <summary>
/// Turns an unexpected failure of a /v1 handler into an OpenAI <c>server_error</c> (500) that OpenAI clients surface,
/// with the trace id to find it in the log; the details stay in the log, never in the response.
/// </summary>
internal sealed class OpenAIServerErrorFilter(ILogger<OpenAIServerErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            OpenAILog.RequestFailed(logger, e, context.HttpContext.TraceIdentifier);
            return OpenAIError.ServerError(context.HttpContext.TraceIdentifier).ToResult();
        }
    }
}
