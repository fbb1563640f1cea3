// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Security;

/// <summary>
/// Adds the usual security headers to every response (the chat page, its files, the API's answers and its errors): a
/// Content-Security-Policy that lets the page load only its own script, style and API and lets no site frame it,
/// <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: no-referrer</c> and <c>X-Frame-Options: DENY</c>.
/// </summary>
/// <remarks>
/// The headers are added when the response starts, so they survive the exception handler and the status-code pages,
/// which clear the headers of a failed response before writing the error. The chat page has no inline script, style or
/// event handler (everything is in <c>app.js</c> and <c>styles.css</c>), so the policy needs no hash or nonce; the
/// favicon is an empty <c>data:</c> image.
/// </remarks>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(AddHeaders, context.Response);
        return next(context);
    }

    private static Task AddHeaders(object state)
    {
        IHeaderDictionary headers = ((HttpResponse)state).Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        return Task.CompletedTask;
    }
}
