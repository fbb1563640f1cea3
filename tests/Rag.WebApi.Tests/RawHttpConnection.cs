// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Net.Sockets;
using System.Text;

namespace Rag.WebApi.Tests;

/// <summary>
/// One HTTP/1.1 connection driven byte by byte, as a hostile client would: headers that promise more body than is sent,
/// bodies trickled slowly or streamed past a limit. <see cref="HttpClient"/> cannot do these.
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawHttpConnection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Opens a connection to <paramref name="address"/>.</summary>
    public static async Task<RawHttpConnection> OpenAsync(Uri address, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, cancellationToken);
        return new RawHttpConnection(tcp);
    }

    /// <summary>Sends the request line and headers (Host and Connection are added).</summary>
    public Task SendHeadAsync(string method, string target, IEnumerable<string> headers, CancellationToken cancellationToken)
    {
        string head = $"{method} {target} HTTP/1.1\r\nHost: localhost\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n";
        return SendAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
    }

    /// <summary>Sends bytes; returns <see langword="false"/> when the server has already closed its side.</summary>
    public async Task<bool> TrySendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(bytes, cancellationToken);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads the response status code, or returns <see langword="null"/> when the server closes the connection without
    /// one. Gives up after <paramref name="timeout"/> (a <see cref="TimeoutException"/>: the server neither answered nor closed).
    /// </summary>
    public async Task<int?> ReadStatusAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var received = new StringBuilder();
        byte[] buffer = new byte[4096];
        try
        {
            while (!received.ToString().Contains("\r\n", StringComparison.Ordinal))
            {
                int read = await _stream.ReadAsync(buffer, limit.Token);
                if (read == 0)
                {
                    return null;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            return received.Length == 0 ? null : throw new InvalidOperationException($"Connection reset mid-response: {received}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The server neither answered nor closed the connection within {timeout}.");
        }

        string statusLine = received.ToString()[..received.ToString().IndexOf("\r\n", StringComparison.Ordinal)];
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(bytes, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }
}
