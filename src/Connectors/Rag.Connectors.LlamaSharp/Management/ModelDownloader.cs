// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rag.Connectors.LlamaSharp;

/// <summary>
/// Downloads a GGUF model over HTTP into <c>{destination}.partial</c>, resuming an interrupted download with a range
/// request, then checks size, SHA-256 (when known) and the GGUF header, and atomically renames the file into place.
/// </summary>
/// <remarks>
/// A broken connection, a time-out or a server error (5xx, 408, 429) is retried up to <see cref="MaxAttempts"/> times,
/// each attempt resuming where the last one stopped. A download that still fails, or is cancelled, leaves the
/// <c>.partial</c> file for the next call to resume; a download that fails verification is deleted. Thread-safe for different destinations; do not download the same destination
/// twice at once.
/// </remarks>
public sealed partial class ModelDownloader
{
    private const int BufferSize = 128 * 1024;
    private const long ProgressStep = 1024 * 1024;

    private readonly HttpClient _httpClient;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="ModelDownloader"/> class.</summary>
    /// <param name="httpClient">The HTTP client (not disposed by the downloader).</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> is <see langword="null"/>.</exception>
    public ModelDownloader(HttpClient httpClient, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _httpClient = httpClient;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets how many times a download is attempted before its network error is thrown. Defaults to 4.</summary>
    public int MaxAttempts
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one attempt.");
    } = 4;

    /// <summary>Gets the wait before the first retry; it doubles before each further one. Defaults to 1 second.</summary>
    public TimeSpan RetryDelay
    {
        get;
        init => field = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Not negative.");
    } = TimeSpan.FromSeconds(1);

    /// <summary>Downloads a model file, resuming a previous partial download of the same destination.</summary>
    /// <param name="source">The file's URL.</param>
    /// <param name="destinationPath">The final path of the model file.</param>
    /// <param name="expectedSize">The exact size to verify, or <see langword="null"/> to trust the size the server announces.</param>
    /// <param name="expectedSha256">The SHA-256 (hex) to verify, or <see langword="null"/> when unknown.</param>
    /// <param name="progress">Receives progress, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests. The default value is <see cref="CancellationToken.None"/>.</param>
    /// <returns>The SHA-256 (lowercase hex) of the downloaded file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destinationPath"/> is empty.</exception>
    /// <exception cref="HttpRequestException">The server refused the request, or the connection broke on every attempt (run again to resume).</exception>
    /// <exception cref="TaskCanceledException">The <see cref="HttpClient"/>'s timeout passed on every attempt (run again to resume).</exception>
    /// <exception cref="InvalidDataException">The file's size or SHA-256 does not match; it was deleted.</exception>
    /// <exception cref="InvalidModelFileException">The file is not a valid GGUF model; it was deleted.</exception>
    /// <exception cref="OperationCanceledException">The download was cancelled (run again to resume).</exception>
    public async Task<string> DownloadAsync(
        Uri source,
        string destinationPath,
        long? expectedSize = null,
        string? expectedSha256 = null,
        IProgress<ModelDownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationPath);
        string destination = Path.GetFullPath(destinationPath);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        string partial = destination + ".partial";

        long length = await FetchWithRetriesAsync(source, partial, progress, cancellationToken).ConfigureAwait(false);

        if (expectedSize is long size && length != size)
        {
            File.Delete(partial);
            throw new InvalidDataException($"The download of '{source}' is {length} bytes, expected {size}; '{partial}' was deleted.");
        }

        string sha256 = await ComputeSha256Async(partial, cancellationToken).ConfigureAwait(false);
        if (expectedSha256 is not null && !string.Equals(sha256, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(partial);
            throw new InvalidDataException($"The download of '{source}' is corrupt: SHA-256 {sha256}, expected {expectedSha256.ToLowerInvariant()}; '{partial}' was deleted.");
        }

        try
        {
            GgufModelValidator.Validate(partial);
        }
        catch (InvalidModelFileException)
        {
            File.Delete(partial);
            throw;
        }

        File.Move(partial, destination, overwrite: true);
        Log.Downloaded(_logger, source, destination, length);
        return sha256;
    }

    /// <summary>Fetches the whole file into <paramref name="partial"/>, retrying transient failures; returns its length.</summary>
    private async Task<long> FetchWithRetriesAsync(Uri source, string partial, IProgress<ModelDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        TimeSpan delay = RetryDelay;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                long? total = await FetchAsync(source, partial, progress, cancellationToken).ConfigureAwait(false);
                long length = new FileInfo(partial).Length;
                return total is long announced && length != announced
                    ? throw new HttpRequestException($"The download of '{source}' ended early: {length} of {announced} bytes. Run it again to resume.")
                    : length;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e, cancellationToken))
            {
                Log.Retrying(_logger, source, attempt, MaxAttempts, delay, e.Message);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
    }

    /// <summary>Whether a failure may pass on its own: a broken connection, a time-out, or a server-side status.</summary>
    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: HttpStatusCode status } => (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        TaskCanceledException => !cancellationToken.IsCancellationRequested, // the HttpClient's time-out, not the caller
        _ => false,
    };

    private async Task<long?> FetchAsync(Uri source, string partial, IProgress<ModelDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        long existing = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, source);
        if (existing > 0)
        {
            request.Headers.Range = new RangeHeaderValue(existing, null);
        }

        using HttpResponseMessage response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        long? total;
        FileMode mode;
        if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange is { From: long from } range && from == existing)
        {
            total = range.Length;
            mode = FileMode.Append;
            Log.Resuming(_logger, source, existing);
        }
        else if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0
            && response.Content.Headers.ContentRange?.Length == existing)
        {
            return existing; // an earlier attempt already fetched everything
        }
        else
        {
            response.EnsureSuccessStatusCode();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new HttpRequestException($"Unexpected HTTP status {(int)response.StatusCode} for '{source}'.", null, response.StatusCode);
            }

            existing = 0; // the server ignored the range: start over
            total = response.Content.Headers.ContentLength;
            mode = FileMode.Create;
        }

        long resumedFrom = existing;
        long written = existing;
        long nextReport = written;
        progress?.Report(new ModelDownloadProgress(written, total, resumedFrom));
        Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var file = new FileStream(partial, mode, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                byte[] buffer = new byte[BufferSize];
                int read;
                while ((read = await ReadBodyAsync(body, buffer, source, written, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    written += read;
                    if (written >= nextReport)
                    {
                        progress?.Report(new ModelDownloadProgress(written, total, resumedFrom));
                        nextReport = written + ProgressStep;
                    }
                }
            }
        }

        progress?.Report(new ModelDownloadProgress(written, total, resumedFrom));
        return total;
    }

    private static async ValueTask<int> ReadBodyAsync(Stream body, byte[] buffer, Uri source, long written, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new HttpRequestException($"The connection broke while downloading '{source}' after {written} bytes. Run it again to resume.", e);
        }
    }

    private static async Task<string> ComputeSha256Async(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "Resuming download of {Source} from byte {Offset}.")]
        public static partial void Resuming(ILogger logger, Uri source, long offset);

        [LoggerMessage(22, LogLevel.Warning, "Download of {Source} failed (attempt {Attempt} of {MaxAttempts}: {Reason}); retrying in {Delay}, resuming where it stopped.")]
        public static partial void Retrying(ILogger logger, Uri source, int attempt, int maxAttempts, TimeSpan delay, string reason);

        [LoggerMessage(21, LogLevel.Information, "Downloaded {Source} to {Destination} ({Bytes} bytes), verified.")]
        public static partial void Downloaded(ILogger logger, Uri source, string destination, long bytes);
    }
}
