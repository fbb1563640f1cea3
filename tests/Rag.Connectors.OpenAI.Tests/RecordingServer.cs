// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rag.Connectors.OpenAI.Tests;

/// <summary>
/// A loopback HTTP endpoint that records each request (headers and body) and answers with a fixed OpenAI-shaped body,
/// so tests can check exactly what the connector puts on the wire.
/// </summary>
internal sealed class RecordingServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _responseBody;
    private readonly Task _loop;

    public RecordingServer(string responseBody)
    {
        _responseBody = responseBody;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = new Uri($"http://127.0.0.1:{port}/v1/");
        _listener.Prefixes.Add(Endpoint.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public List<RecordedRequest> Requests { get; } = [];

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            string body = await reader.ReadToEndAsync();
            lock (Requests)
            {
                Requests.Add(new RecordedRequest(context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body));
            }

            byte[] response = Encoding.UTF8.GetBytes(_responseBody);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = response.Length;
            await context.Response.OutputStream.WriteAsync(response);
            context.Response.Close();
        }
    }
}

/// <summary>A request as the server received it.</summary>
internal sealed record RecordedRequest(string Path, string? Authorization, string Body);
