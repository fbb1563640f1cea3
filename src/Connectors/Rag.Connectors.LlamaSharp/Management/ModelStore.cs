// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Rag.Connectors.LlamaSharp;

/// <summary>A folder of local GGUF models: pull (download by catalog name or URL), list and remove.</summary>
/// <remarks>Not meant for concurrent pulls of the same model. Files being downloaded end in <c>.partial</c> and are not listed.</remarks>
public sealed class ModelStore : IDisposable
{
    private const string ModelExtension = ".gguf";

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly ModelDownloader _downloader;

    /// <summary>Initializes a new instance of the <see cref="ModelStore"/> class.</summary>
    /// <param name="rootDirectory">The folder holding the models; created when missing.</param>
    /// <param name="httpClient">The HTTP client for downloads, or <see langword="null"/> to create one (a 30 s connect time-out; disposed with the store).</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="rootDirectory"/> is empty.</exception>
    public ModelStore(string rootDirectory, HttpClient? httpClient = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        RootDirectory = Path.GetFullPath(rootDirectory);
        _ownsHttpClient = httpClient is null;
        // A download may take hours, so no overall time-out; a host that does not answer fails within the connect time-out.
        _httpClient = httpClient ?? new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _downloader = new ModelDownloader(_httpClient, logger);
    }

    /// <summary>Gets the default model folder: <c>RAG_MODELS_DIR</c> when set, otherwise <c>{LocalApplicationData}/Rag/models</c>.</summary>
    public static string DefaultRootDirectory =>
        Environment.GetEnvironmentVariable("RAG_MODELS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "Rag", "models");

    /// <summary>Gets the folder holding the models.</summary>
    public string RootDirectory { get; }

    /// <summary>Lists the models in the store.</summary>
    /// <returns>The models, by file name.</returns>
    public IReadOnlyList<StoredModel> List()
    {
        if (!Directory.Exists(RootDirectory))
        {
            return [];
        }

        return [.. new DirectoryInfo(RootDirectory).EnumerateFiles("*" + ModelExtension)
            .OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .Select(ToStoredModel)];
    }

    /// <summary>Finds a model by catalog name or file name.</summary>
    /// <param name="nameOrFileName">A catalog name or a file name in the store.</param>
    /// <returns>The model, or <see langword="null"/> when it is not in the store.</returns>
    /// <exception cref="ArgumentException"><paramref name="nameOrFileName"/> is empty or is a path.</exception>
    public StoredModel? Find(string nameOrFileName)
    {
        var file = new FileInfo(Path.Combine(RootDirectory, ResolveFileName(nameOrFileName)));
        return file.Exists ? ToStoredModel(file) : null;
    }

    /// <summary>Removes a model (and any unfinished download of it).</summary>
    /// <param name="nameOrFileName">A catalog name or a file name in the store.</param>
    /// <returns><see langword="true"/> when something was removed.</returns>
    /// <exception cref="ArgumentException"><paramref name="nameOrFileName"/> is empty or is a path.</exception>
    public bool Remove(string nameOrFileName)
    {
        string path = Path.Combine(RootDirectory, ResolveFileName(nameOrFileName));
        bool removed = false;
        foreach (string candidate in new[] { path, path + ".partial" })
        {
            if (File.Exists(candidate))
            {
                File.Delete(candidate);
                removed = true;
            }
        }

        return removed;
    }

    /// <summary>Downloads a model by catalog name or by URL, resuming an interrupted download; returns at once when it is already present.</summary>
    /// <param name="nameOrUrl">A <see cref="ModelCatalog"/> name, or an http(s) URL of a <c>.gguf</c> file.</param>
    /// <param name="progress">Receives progress, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests. The default value is <see cref="CancellationToken.None"/>.</param>
    /// <returns>The stored model.</returns>
    /// <exception cref="ArgumentException"><paramref name="nameOrUrl"/> is neither a catalog name nor an http(s) URL of a .gguf file.</exception>
    /// <exception cref="HttpRequestException">The download failed (run again to resume).</exception>
    /// <exception cref="InvalidDataException">The download failed verification and was deleted.</exception>
    /// <exception cref="InvalidModelFileException">The download is not a valid GGUF model and was deleted.</exception>
    public Task<StoredModel> PullAsync(string nameOrUrl, IProgress<ModelDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrUrl);
        if (ModelCatalog.TryFind(nameOrUrl, out ModelCatalogEntry? entry))
        {
            return PullAsync(entry, progress, cancellationToken);
        }

        if (Uri.TryCreate(nameOrUrl, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            string fileName = Path.GetFileName(uri.AbsolutePath);
            if (!fileName.EndsWith(ModelExtension, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"The URL '{nameOrUrl}' does not name a {ModelExtension} file.", nameof(nameOrUrl));
            }

            return PullAsync(new ModelCatalogEntry(fileName, "Downloaded from " + uri, uri, fileName, "unknown", 0), progress, cancellationToken);
        }

        throw new ArgumentException(
            $"'{nameOrUrl}' is not a catalog model ({string.Join(", ", ModelCatalog.Models.Select(m => m.Name))}) or an http(s) URL.",
            nameof(nameOrUrl));
    }

    /// <summary>Downloads a catalog entry (or any entry describing a GGUF file), verifying its pinned size and SHA-256 when present.</summary>
    /// <param name="entry">The model to download.</param>
    /// <param name="progress">Receives progress, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests. The default value is <see cref="CancellationToken.None"/>.</param>
    /// <returns>The stored model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is <see langword="null"/>.</exception>
    /// <exception cref="HttpRequestException">The download failed (run again to resume).</exception>
    /// <exception cref="InvalidDataException">The download failed verification and was deleted.</exception>
    /// <exception cref="InvalidModelFileException">The download is not a valid GGUF model and was deleted.</exception>
    public async Task<StoredModel> PullAsync(ModelCatalogEntry entry, IProgress<ModelDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string path = Path.Combine(RootDirectory, ResolveFileName(entry.FileName));
        if (!File.Exists(path))
        {
            await _downloader.DownloadAsync(entry.DownloadUri, path, entry.SizeBytes, entry.Sha256, progress, cancellationToken).ConfigureAwait(false);
        }

        return ToStoredModel(new FileInfo(path));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private static string ResolveFileName(string nameOrFileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrFileName);
        if (ModelCatalog.TryFind(nameOrFileName, out ModelCatalogEntry? entry))
        {
            return entry.FileName;
        }

        if (!string.Equals(Path.GetFileName(nameOrFileName), nameOrFileName, StringComparison.Ordinal) || nameOrFileName is "." or "..")
        {
            throw new ArgumentException($"'{nameOrFileName}' must be a catalog name or a file name, not a path.", nameof(nameOrFileName));
        }

        return nameOrFileName.EndsWith(ModelExtension, StringComparison.OrdinalIgnoreCase) ? nameOrFileName : nameOrFileName + ModelExtension;
    }

    private static StoredModel ToStoredModel(FileInfo file) => new(
        file.Name,
        file.FullName,
        file.Length,
        new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero),
        ModelCatalog.Models.FirstOrDefault(m => string.Equals(m.FileName, file.Name, StringComparison.OrdinalIgnoreCase))?.Name);
}
