// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.WebApi.Errors;

namespace Rag.WebApi.Security;

/// <summary>Requires the configured <see cref="ApiKey"/> on every request it guards; off when no key is configured.</summary>
/// <remarks>
/// A middleware rather than an endpoint filter: filters run after parameter binding, so an unauthenticated client could
/// still make the server read and buffer a whole upload or parse its JSON. This check runs before the body is touched.
/// The refusal is a <see cref="ClientError"/>: ProblemDetails on <c>/api</c> and an OpenAI error object on <c>/v1</c>, so
/// each client reads it natively, and it is written whatever the request's Accept header (the page's streaming ask
/// accepts only <c>text/event-stream</c>).
/// </remarks>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKey apiKey)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!apiKey.IsRequired || apiKey.IsPresentedBy(context.Request))
        {
            await next(context);
            return;
        }

        await new ClientError(
            StatusCodes.Status401Unauthorized,
            "Unauthorized",
            $"A valid API key is required in the {ApiKey.HeaderName} header or as 'Authorization: Bearer <key>'.")
        { Code = "invalid_api_key" }.ExecuteAsync(context);
    }
}
