// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rag.Connectors.LlamaSharp.Tests.Management;

/// <summary>
/// A minimal HTTP/1.1 file server on 127.0.0.1 (port chosen by the OS) with range support and fault injection:
/// drop the connection part-way, corrupt a byte, or ignore range requests.
/// </summary>
internal sealed class LoopbackFileServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly byte[] _content;
    private int _failAfterBytes = -1;
    private int _failuresLeft;

    public LoopbackFileServer(byte[] content)
    {
        _content = content;
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Gets the Range header of each request (null when absent), in order.</summary>
    public ConcurrentQueue<string?> RangeHeaders { get; } = new();

    /// <summary>Gets or sets the index of a body byte to flip in every response (-1: none).</summary>
    public int CorruptByteAt { get; set; } = -1;

    /// <summary>Gets or sets a value indicating whether range requests are answered with the whole file (200).</summary>
    public bool IgnoreRange { get; set; }

    public Uri Url(string fileName) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{fileName}");

    /// <summary>The next <paramref name="times"/> responses send only this many body bytes each, then drop the connection.</summary>
    public void FailNextAfter(int bytes, int times = 1)
    {
        _failAfterBytes = bytes;
        _failuresLeft = times;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                string? range = await ReadRangeHeaderAsync(stream);
                RangeHeaders.Enqueue(range);
                long start = 0;
                if (!IgnoreRange && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
                {
                    start = long.Parse(range.AsSpan(6, range.Length - 7), CultureInfo.InvariantCulture);
                }

                string head;
                if (start >= _content.Length && start > 0)
                {
                    head = $"HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{_content.Length}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                    return;
                }

                head = start > 0
                    ? $"HTTP/1.1 206 Partial Content\r\nContent-Range: bytes {start}-{_content.Length - 1}/{_content.Length}\r\nContent-Length: {_content.Length - start}\r\nConnection: close\r\n\r\n"
                    : $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {_content.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

                byte[] body = _content[(int)start..];
                if (CorruptByteAt >= start)
                {
                    body[CorruptByteAt - start] ^= 0x5A;
                }

                int failAfter = _failAfterBytes;
                if (failAfter >= 0 && Interlocked.Decrement(ref _failuresLeft) >= 0)
                {
                    await stream.WriteAsync(body.AsMemory(0, Math.Min(failAfter, body.Length)));
                    await stream.FlushAsync();
                    client.Client.Shutdown(SocketShutdown.Both); // the connection breaks mid-body
                    return;
                }

                await stream.WriteAsync(body);
            }
            catch (IOException)
            {
                // The client went away.
            }
        }
    }

    private static async Task<string?> ReadRangeHeaderAsync(NetworkStream stream)
    {
        var header = new StringBuilder();
        byte[] one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                break;
            }

            header.Append((char)one[0]);
        }

        foreach (string line in header.ToString().Split("\r\n"))
        {
            if (line.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))
            {
                return line[6..].Trim();
            }
        }

        return null;
    }
}
