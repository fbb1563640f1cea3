// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.WebApi.Security;

/// <summary>Log messages of the service's protections.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(1, LogLevel.Warning,
        "Knowledge:ApiKey is not set: anyone who can reach this service can read, upload and delete its documents at /api{AndModels}. "
        + "Cross-site writes from browsers are refused, but every program on this machine (and, beyond loopback, on the network) is trusted. Set Knowledge:ApiKey.")]
    public static partial void RunningWithoutApiKey(ILogger logger, string andModels);

    [LoggerMessage(2, LogLevel.Warning, "Refused a cross-site {Method} {Path} (Origin: {Origin}, Sec-Fetch-Site: {FetchSite}).")]
    public static partial void CrossSiteWriteRefused(ILogger logger, string method, string path, string? origin, string? fetchSite);
}
