// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rag.Connectors.Tesseract;

/// <summary>
/// An <see cref="IOcrEngine"/> over the <c>tesseract</c> command line: each image is recognised by its own process, read
/// back as TSV (words with their confidence), so a crash or hang in the native engine cannot take the host down; the process
/// is killed at <see cref="TesseractOptions.PageTimeLimit"/> or on cancellation. PDF pages are rendered with poppler's <c>pdftoppm</c>.
/// At most <see cref="TesseractOptions.MaxParallelPages"/> processes run at once, each single-threaded.
/// </summary>
/// <remarks>
/// Thread-safe. The installation (version, languages) is checked once, on first use; results are cached in
/// <see cref="TesseractOptions.CacheDirectory"/> when set.
/// </remarks>
internal sealed partial class TesseractOcrEngine : IOcrEngine
{
    private const string RendererHint = "poppler's pdftoppm is not installed: install it with 'apt-get install poppler-utils' (or set TesseractOptions.PdfRendererPath)";

    private readonly TesseractOptions _options;
    private readonly SemaphoreSlim _processes;
    private readonly OcrPageCache? _cache;
    private readonly ILogger _logger;
    private readonly Lazy<Task<TesseractInstallation>> _installation;

    public TesseractOcrEngine(TesseractOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _processes = new SemaphoreSlim(options.MaxParallelPages, options.MaxParallelPages);
        _cache = options.CacheDirectory is { Length: > 0 } directory ? new OcrPageCache(directory) : null;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _installation = new(() => TesseractInstallation.DetectAsync(_options, CancellationToken.None));
    }

    /// <summary>Gets the environment every Tesseract and poppler process runs with: one thread each (<c>OMP_THREAD_LIMIT=1</c>), since pages run in parallel instead.</summary>
    internal static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal) { ["OMP_THREAD_LIMIT"] = "1" };

    public int MaxConcurrentPages => _options.MaxParallelPages;

    public async Task<IReadOnlyList<OcrPage>> RecognizeImageAsync(ReadOnlyMemory<byte> image, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        TesseractInstallation installation = await _installation.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        string key = OcrPageCache.Key(image.Span, installation);
        if (_cache is not null && await _cache.TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            Log.CacheHit(_logger, name);
            return cached;
        }

        long started = Stopwatch.GetTimestamp();
        List<OcrPage> pages;
        using (var input = new TemporaryFile(".img"))
        {
            await File.WriteAllBytesAsync(input.Path, image, cancellationToken).ConfigureAwait(false);
            ExternalProcess.Result result = await RunBoundedAsync(
                _options.ExecutablePath, [input.Path, "stdout", "-l", installation.Languages, "tsv"], TesseractInstallation.InstallHint, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new InvalidDataException($"Tesseract could not read {name} (exit code {result.ExitCode}): {LastLine(result.Error)}");
            }

            pages = TesseractTsv.Parse(Encoding.UTF8.GetString(result.Output));
        }

        Log.Recognized(_logger, name, pages.Count, pages.Count == 0 ? 0 : pages.Average(p => p.Confidence), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (_cache is not null)
        {
            try
            {
                await _cache.StoreAsync(key, pages, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.CacheWriteFailed(_logger, _options.CacheDirectory!, ex.Message);
            }
        }

        return pages;
    }

    public async Task<OcrPage> RecognizePdfPageAsync(ReadOnlyMemory<byte> pdf, int pageNumber, string name, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageNumber);
        ArgumentNullException.ThrowIfNull(name);
        string pageName = $"{name}, page {pageNumber}";
        byte[] png = await RenderAsync(pdf, pageNumber, pageName, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<OcrPage> pages = await RecognizeImageAsync(png, pageName, cancellationToken).ConfigureAwait(false);
        return new OcrPage
        {
            PageNumber = pageNumber,
            Paragraphs = [.. pages.SelectMany(p => p.Paragraphs)],
            Confidence = pages.Count == 0 ? 0 : pages[0].Confidence,
        };
    }

    private async Task<byte[]> RenderAsync(ReadOnlyMemory<byte> pdf, int pageNumber, string pageName, CancellationToken cancellationToken)
    {
        using var input = new TemporaryFile(".pdf");
        using var output = new TemporaryFile(string.Empty);
        await File.WriteAllBytesAsync(input.Path, pdf, cancellationToken).ConfigureAwait(false);
        string page = pageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string dpi = _options.RenderDpi.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ExternalProcess.Result result = await RunBoundedAsync(
            _options.PdfRendererPath, ["-r", dpi, "-f", page, "-l", page, "-png", "-singlefile", input.Path, output.Path], RendererHint, cancellationToken).ConfigureAwait(false);
        string png = output.Path + ".png";
        try
        {
            if (result.ExitCode != 0 || !File.Exists(png))
            {
                throw new InvalidDataException($"pdftoppm could not render {pageName} (exit code {result.ExitCode}): {LastLine(result.Error)}");
            }

            return await File.ReadAllBytesAsync(png, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(png);
        }
    }

    /// <summary>Runs a tool once one of the <see cref="TesseractOptions.MaxParallelPages"/> slots is free, so callers on many threads never start more processes than that.</summary>
    private async Task<ExternalProcess.Result> RunBoundedAsync(string executable, IEnumerable<string> arguments, string missing, CancellationToken cancellationToken)
    {
        await _processes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ExternalProcess.RunAsync(executable, arguments, _options.PageTimeLimit, missing, Environment, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _processes.Release();
        }
    }

    private static string LastLine(string error) =>
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no message";

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "OCR read {Name}: {Pages} page(s), confidence {Confidence:P0}, in {ElapsedMilliseconds:F0} ms.")]
        public static partial void Recognized(ILogger logger, string name, int pages, double confidence, double elapsedMilliseconds);

        [LoggerMessage(2, LogLevel.Debug, "OCR cache hit for {Name}.")]
        public static partial void CacheHit(ILogger logger, string name);

        [LoggerMessage(3, LogLevel.Warning, "The OCR cache folder {Directory} could not be written ({Reason}); pages are recognised again next time.")]
        public static partial void CacheWriteFailed(ILogger logger, string directory, string reason);
    }
}
