// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Rag.WebApi.Security;

/// <summary>
/// The configured API key (<c>Knowledge:ApiKey</c>) and whether a request presents it, in the <c>X-Api-Key</c> header or
/// as <c>Authorization: Bearer &lt;key&gt;</c> (what OpenAI clients send); compared in constant time.
/// </summary>
internal sealed class ApiKey(IOptions<KnowledgeServiceOptions> options)
{
    public const string HeaderName = "X-Api-Key";

    private const string BearerPrefix = "Bearer ";

    private readonly byte[]? _expectedHash = options.Value.ApiKey is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    /// <summary>Gets a value indicating whether a key is configured (when not, the API is open).</summary>
    public bool IsRequired => _expectedHash is not null;

    /// <summary>Returns whether the request presents the configured key; <see langword="false"/> when none is configured.</summary>
    public bool IsPresentedBy(HttpRequest request)
    {
        if (_expectedHash is null || PresentedKey(request) is not { } presented)
        {
            return false;
        }

        // Hashing both sides first makes the comparison constant-time regardless of the presented key's length.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expectedHash);
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
}
