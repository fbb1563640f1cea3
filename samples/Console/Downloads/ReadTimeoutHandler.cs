// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Cli.Downloads;

/// <summary>Gives every response body a read timeout: a server that stops sending mid-download fails instead of hanging.</summary>
internal sealed class ReadTimeoutHandler(TimeSpan timeout, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
        HttpContent original = response.Content;
        var content = new StreamContent(new ReadTimeoutStream(await original.ReadAsStreamAsync(cancellationToken), timeout));
        foreach (KeyValuePair<string, IEnumerable<string>> header in original.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = content;
        return response;
    }
}
