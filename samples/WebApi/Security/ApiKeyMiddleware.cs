// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Rag.WebApi.Errors;

namespace Rag.WebApi.Security;

/// <summary>
/// Requires the configured API key, in the <c>X-Api-Key</c> header or as <c>Authorization: Bearer &lt;key&gt;</c> (what
/// OpenAI clients send); compares in constant time. Off when no key is configured.
/// </summary>
/// <remarks>
/// A middleware rather than an endpoint filter: filters run after parameter binding, so an unauthenticated client could
/// still make the server read and buffer a whole upload or parse its JSON. This check runs before the body is touched.
/// The refusal is a <see cref="ClientError"/>: ProblemDetails on <c>/api</c> and an OpenAI error object on <c>/v1</c>, so
/// each client reads it natively, and it is written whatever the request's Accept header (the page's streaming ask
/// accepts only <c>text/event-stream</c>).
/// </remarks>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<KnowledgeServiceOptions> options)
{
    public const string HeaderName = "X-Api-Key";

    private const string BearerPrefix = "Bearer ";

    private readonly byte[]? _expectedHash = options.Value.ApiKey is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    public async Task InvokeAsync(HttpContext context)
    {
        if (_expectedHash is null || IsValid(PresentedKey(context.Request)))
        {
            await next(context);
            return;
        }

        await new ClientError(
            StatusCodes.Status401Unauthorized,
            "Unauthorized",
            $"A valid API key is required in the {HeaderName} header or as 'Authorization: Bearer <key>'.")
        { Code = "invalid_api_key" }.ExecuteAsync(context);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers[HeaderName] is { Count: > 0 } apiKey)
        {
            return apiKey;
        }

        string? authorization = request.Headers.Authorization;
        return authorization?.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) == true ? authorization[BearerPrefix.Length..].Trim() : null;
    }

    private bool IsValid(string? presented)
    {
        // Hashing both sides first makes the comparison constant-time regardless of the presented key's length.
        byte[] presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? string.Empty));
        return CryptographicOperations.FixedTimeEquals(presentedHash, _expectedHash);
    }
}
