// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Threading;

namespace Rag.Ingestion;

/// <summary>
/// The time one file may take to read, as a token that is cancelled when it runs out. A file gets
/// <see cref="IngestionOptions.MaxFileProcessingTime"/>, and, as its reader reports pages, <see cref="IngestionOptions.MaxPageProcessingTime"/>
/// per page read and <see cref="IngestionOptions.MaxOcrPageProcessingTime"/> per page recognised (the page being recognised
/// counted from its start); but it may never go <see cref="IngestionOptions.MaxFileProcessingTime"/> (plus one OCR page's time while
/// one is being recognised) without a page finished, so a page that hangs stops a long document as soon as it would stop a short one.
/// </summary>
/// <remarks>Reports may come from several threads. The owner disposes the budget once the read has ended, abandoned or not.</remarks>
internal sealed class FileReadBudget : IProgress<DocumentReadProgress>, IDisposable
{
    private readonly IngestionOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Action<DocumentReadProgress> _onProgress;
    private readonly CancellationTokenSource _timeout;
    private readonly long _started;
    private readonly Lock _lock = new();
    private DocumentReadProgress? _last;
    private TimeSpan _granted;
    private bool _stalledFirst;
    private bool _disposed;

    /// <summary>Starts the clock.</summary>
    /// <param name="options">The limits.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="onProgress">Hears each report, after the budget has been updated.</param>
    public FileReadBudget(IngestionOptions options, TimeProvider timeProvider, Action<DocumentReadProgress> onProgress)
    {
        _options = options;
        _timeProvider = timeProvider;
        _onProgress = onProgress;
        _granted = options.MaxFileProcessingTime;
        _started = timeProvider.GetTimestamp();
        _timeout = new CancellationTokenSource(options.MaxFileProcessingTime, timeProvider);
    }

    /// <summary>Gets the token cancelled when the time is up.</summary>
    public CancellationToken Token => _timeout.Token;

    /// <summary>Gets a value indicating whether the time is up.</summary>
    public bool IsExceeded => _timeout.IsCancellationRequested;

    /// <summary>Grants the time the reported pages earn and restarts the no-progress clock.</summary>
    /// <param name="value">How far the reader has got.</param>
    public void Report(DocumentReadProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        bool expired;
        lock (_lock)
        {
            if (_disposed || _timeout.IsCancellationRequested)
            {
                return;
            }

            bool recognizing = value.OcrPagesDone < value.OcrPages;
            _last = value;
            _granted = _options.MaxFileProcessingTime
                + (_options.MaxPageProcessingTime * value.PagesRead)
                + (_options.MaxOcrPageProcessingTime * (value.OcrPagesDone + (recognizing ? 1 : 0)));
            TimeSpan untilTotal = _granted - _timeProvider.GetElapsedTime(_started);
            TimeSpan untilStall = StallLimit(recognizing);
            _stalledFirst = untilStall < untilTotal;
            TimeSpan delay = _stalledFirst ? untilStall : untilTotal;
            expired = delay <= TimeSpan.Zero;
            if (!expired)
            {
                _timeout.CancelAfter(delay);
            }
        }

        if (expired)
        {
            _timeout.Cancel();
        }

        _onProgress(value);
    }

    /// <summary>Says which limit the file ran past, naming the file and the settings.</summary>
    /// <param name="fileName">The file's name.</param>
    /// <returns>The failure message.</returns>
    public string DescribeExceeded(string fileName)
    {
        lock (_lock)
        {
            if (_last is not { } last)
            {
                return $"Reading '{fileName}' took longer than {_options.MaxFileProcessingTime} (IngestionOptions.MaxFileProcessingTime).";
            }

            string ocr = last.OcrPages > 0 ? string.Create(CultureInfo.InvariantCulture, $", {last.OcrPagesDone} of {last.OcrPages} OCR pages recognised") : string.Empty;
            string where = string.Create(CultureInfo.InvariantCulture, $"{last.PagesRead} of {last.Pages} pages read{ocr}");
            if (_stalledFirst)
            {
                bool recognizing = last.OcrPagesDone < last.OcrPages;
                string settings = recognizing ? "IngestionOptions.MaxFileProcessingTime + MaxOcrPageProcessingTime" : "IngestionOptions.MaxFileProcessingTime";
                return $"Reading '{fileName}' finished no page for {StallLimit(recognizing)} ({settings}); stopped with {where}.";
            }

            return string.Create(
                CultureInfo.InvariantCulture,
                $"Reading '{fileName}' took longer than the {_granted} its pages allow (IngestionOptions.MaxFileProcessingTime {_options.MaxFileProcessingTime} + {last.PagesRead} pages × MaxPageProcessingTime {_options.MaxPageProcessingTime} + OCR pages × MaxOcrPageProcessingTime {_options.MaxOcrPageProcessingTime}); stopped with {where}.");
        }
    }

    /// <summary>Stops the clock.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _timeout.Dispose();
    }

    private TimeSpan StallLimit(bool recognizing) => _options.MaxFileProcessingTime + (recognizing ? _options.MaxOcrPageProcessingTime : TimeSpan.Zero);
}
