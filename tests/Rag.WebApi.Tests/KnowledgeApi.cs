// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Rag.WebApi.Tests;

/// <summary>Calls the sample's API the way a client would: multipart uploads, ingestion polling.</summary>
public static class KnowledgeApi
{
    /// <summary>
    /// Uploads one text file in the multipart field <c>files</c>. The body is written by hand, as a hostile client would:
    /// the file name goes out verbatim (RFC 7578 <c>filename</c>), or RFC 5987-encoded (<c>filename*</c>) when it holds
    /// control characters, which no header may carry raw.
    /// </summary>
    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, string content, CancellationToken cancellationToken) =>
        UploadAsync(client, fileName, content, overwrite: false, cancellationToken);

    /// <summary>Uploads one text file as <see cref="UploadAsync(HttpClient, string, string, CancellationToken)"/> does; with <paramref name="overwrite"/>, a document of that name is replaced.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, string content, bool overwrite, CancellationToken cancellationToken)
    {
        string boundary = "----rag-test-" + Guid.NewGuid().ToString("N");
        string disposition = fileName.Any(char.IsControl)
            ? $"form-data; name=\"files\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}"
            : $"form-data; name=\"files\"; filename=\"{fileName}\"";
        string body = $"--{boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: text/plain\r\n\r\n{content}\r\n--{boundary}--\r\n";
        using var form = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        form.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return await client.PostAsync(new Uri(overwrite ? "/api/documents?overwrite=true" : "/api/documents", UriKind.Relative), form, cancellationToken);
    }

    /// <summary>Uploads a file (replacing one of that name) and waits until background ingestion has finished with it.</summary>
    public static async Task UploadAndIngestAsync(HttpClient client, string fileName, string content, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await UploadAsync(client, fileName, content, overwrite: true, cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        JsonElement status = await WaitForIngestionAsync(client, cancellationToken);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("lastError").ValueKind);
    }

    /// <summary>Polls <c>GET /api/ingestion</c> until no sync is running or pending; returns the final status.</summary>
    public static async Task<JsonElement> WaitForIngestionAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            JsonElement status = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/ingestion", UriKind.Relative), cancellationToken);
            if (!status.GetProperty("isRunning").GetBoolean() && status.GetProperty("pending").GetInt32() == 0)
            {
                return status;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"Ingestion did not finish in 60 s: {status}");
            await Task.Delay(100, cancellationToken);
        }
    }
}
