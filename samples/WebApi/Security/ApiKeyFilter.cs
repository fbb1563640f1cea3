// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Rag.WebApi.Security;

/// <summary>Requires the configured API key in the <c>X-Api-Key</c> header; compares in constant time. Off when no key is configured.</summary>
internal sealed class ApiKeyFilter(IOptions<KnowledgeServiceOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[]? _expectedHash = options.Value.ApiKey is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_expectedHash is null)
        {
            return next(context);
        }

        string? presented = context.HttpContext.Request.Headers[HeaderName];
        // Hashing both sides first makes the comparison constant-time regardless of the presented key's length.
        byte[] presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? string.Empty));
        return CryptographicOperations.FixedTimeEquals(presentedHash, _expectedHash)
            ? next(context)
            : ValueTask.FromResult<object?>(TypedResults.Problem(
                title: "Unauthorized",
                detail: $"A valid API key is required in the {HeaderName} header.",
                statusCode: StatusCodes.Status401Unauthorized));
    }
}
