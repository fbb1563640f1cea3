// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;
using Rag.WebApi.Errors;

namespace Rag.WebApi.Security;

/// <summary>
/// Refuses state-changing requests (every method but GET, HEAD, OPTIONS and TRACE) that a browser sends on behalf of a
/// page from another origin, so a site the user visits cannot upload, ingest or delete documents through the user's
/// browser. On by default, with or without an API key.
/// </summary>
/// <remarks>
/// <para>CORS does not stop these writes: a multipart upload or an HTML form post is a "simple" request that a browser
/// sends without a preflight, and the server acts on it even though the page never reads the answer. What a page cannot
/// forge are the headers the browser adds itself:</para>
/// <list type="number">
/// <item><c>Sec-Fetch-Site</c> (every current browser): only <c>same-origin</c> and <c>none</c> (the user's own action) pass.</item>
/// <item>Without it (older browsers), <c>Origin</c>, which browsers send on every cross-origin write: it must name this
/// host (<c>scheme://Host</c> of the request).</item>
/// <item>An origin listed in <c>Knowledge:CorsOrigins</c> passes either way: it is trusted to call the API.</item>
/// </list>
/// <para>A request with neither header comes from a program that is not a browser (curl, an SDK, another node): no page
/// can make a browser send it, so it passes. Such clients are what <c>Knowledge:ApiKey</c> guards against.</para>
/// </remarks>
internal sealed class CrossSiteWriteMiddleware(RequestDelegate next, IOptions<KnowledgeServiceOptions> options, ILogger<CrossSiteWriteMiddleware> logger)
{
    public const string FetchSiteHeader = "Sec-Fetch-Site";

    private readonly HashSet<string> _trustedOrigins = new(options.Value.CorsOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        if (IsSafe(request.Method) || IsSameOrigin(request))
        {
            await next(context);
            return;
        }

        string? origin = request.Headers.Origin;
        string? site = request.Headers[FetchSiteHeader];
        SecurityLog.CrossSiteWriteRefused(logger, request.Method, request.Path.ToString(), origin, site);
        await new ClientError(
            StatusCodes.Status403Forbidden,
            "Cross-site request refused",
            $"{request.Method} {request.Path} was sent by a page of {origin ?? $"another site ({FetchSiteHeader}: {site})"}. This service accepts "
                + "writes only from its own pages, from programs that are not browsers, and from the origins listed in Knowledge:CorsOrigins.")
        { Code = "cross_site_request" }.ExecuteAsync(context);
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private bool IsSameOrigin(HttpRequest request)
    {
        string? origin = request.Headers.Origin;
        if (origin is not null && _trustedOrigins.Contains(origin))
        {
            return true;
        }

        if (request.Headers[FetchSiteHeader] is { Count: > 0 } site)
        {
            return site == "same-origin" || site == "none";
        }

        return origin is null || string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }
}
