// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Cli.Downloads;

/// <summary>The HTTP client of <c>model pull</c>: one timeout for connecting, for the response to start and for each read.</summary>
internal static class DownloadClient
{
    public static HttpClient Create(TimeSpan timeout) =>
        new(new ReadTimeoutHandler(timeout, new SocketsHttpHandler { ConnectTimeout = timeout }))
        {
            Timeout = timeout, // with ResponseHeadersRead this bounds the wait for the headers, not the whole download
        };
}
