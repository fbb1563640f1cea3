// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Rag.WebApi.Security;

/// <summary>
/// Requires the configured API key in the <c>X-Api-Key</c> header; compares in constant time. Off when no key is configured.
/// </summary>
/// <remarks>
/// A middleware rather than an endpoint filter: filters run after parameter binding, so an unauthenticated client could
/// still make the server read and buffer a whole upload or parse its JSON. This check runs before the body is touched.
/// </remarks>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<KnowledgeServiceOptions> options, IProblemDetailsService problemDetails)
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[]? _expectedHash = options.Value.ApiKey is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    public async Task InvokeAsync(HttpContext context)
    {
        if (_expectedHash is null || IsValid(context.Request.Headers[HeaderName]))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Title = "Unauthorized", Detail = $"A valid API key is required in the {HeaderName} header.", Status = StatusCodes.Status401Unauthorized },
        });
    }

    private bool IsValid(string? presented)
    {
        // Hashing both sides first makes the comparison constant-time regardless of the presented key's length.
        byte[] presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? string.Empty));
        return CryptographicOperations.FixedTimeEquals(presentedHash, _expectedHash);
    }
}
