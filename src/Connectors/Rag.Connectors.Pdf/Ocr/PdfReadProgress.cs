// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Threading;

namespace Rag.Connectors.Pdf.Ocr;

/// <summary>Counts the pages of one PDF read and recognised, and reports each step, one report at a time, from whichever thread made it.</summary>
internal sealed class PdfReadProgress(int pages, IProgress<DocumentReadProgress>? progress)
{
    private readonly Lock _lock = new();
    private DocumentReadProgress _current = new() { Pages = pages };

    /// <summary>Reports the page count, before any page is read.</summary>
    public void Start() => Report(p => p);

    /// <summary>Counts one more page whose text layer was read.</summary>
    public void PageRead() => Report(p => p with { PagesRead = p.PagesRead + 1 });

    /// <summary>Reports how many pages are to be recognised, before the first starts.</summary>
    public void OcrStarting(int ocrPages) => Report(p => p with { OcrPages = ocrPages });

    /// <summary>Counts one more page recognised (or given up).</summary>
    public void OcrPageDone() => Report(p => p with { OcrPagesDone = p.OcrPagesDone + 1 });

    private void Report(Func<DocumentReadProgress, DocumentReadProgress> step)
    {
        if (progress is null)
        {
            return;
        }

        lock (_lock)
        {
            _current = step(_current);
            progress.Report(_current);
        }
    }
}
