// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Rag.Connectors.Pdf.Ocr;

/// <summary>
/// Recognises the pages of one PDF that need OCR, up to <see cref="IOcrEngine.MaxConcurrentPages"/> at a time, and returns
/// the results in page order. Page images are taken out of the document one at a time (PdfPig's document is not thread-safe);
/// only the recognition runs in parallel. Each finished page is reported.
/// </summary>
internal static class PdfOcrPass
{
    /// <summary>Recognises <paramref name="pageNumbers"/>.</summary>
    /// <param name="engine">The engine; <see langword="null"/> fails every page with <see cref="PdfPageOcr.NoEngine"/>.</param>
    /// <param name="pdf">The open document.</param>
    /// <param name="bytes">The PDF file, for pages the engine renders.</param>
    /// <param name="fileName">The file name, for messages.</param>
    /// <param name="pageNumbers">The 1-based numbers of the pages to recognise, in order.</param>
    /// <param name="progress">Counts the pages recognised.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>One result per page of <paramref name="pageNumbers"/>, in the same order.</returns>
    public static async Task<(OcrPage? Page, string? Failure)[]> RecognizeAsync(
        IOcrEngine? engine, PdfDocument pdf, ReadOnlyMemory<byte> bytes, string fileName, IReadOnlyList<int> pageNumbers, PdfReadProgress progress, CancellationToken cancellationToken)
    {
        var results = new (OcrPage? Page, string? Failure)[pageNumbers.Count];
        var documentLock = new Lock();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, engine?.MaxConcurrentPages ?? 1), CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, pageNumbers.Count, parallel, async (index, token) =>
        {
            int pageNumber = pageNumbers[index];
            byte[]? image;
            try
            {
                lock (documentLock)
                {
                    Page page = pdf.GetPage(pageNumber);
                    image = PdfPageOcr.StoredImage(page);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                results[index] = (null, $"its image could not be taken out of the file ({ex.Message})");
                progress.OcrPageDone();
                return;
            }

            results[index] = await PdfPageOcr.RecognizeAsync(engine, pageNumber, image, bytes, fileName, token).ConfigureAwait(false);
            progress.OcrPageDone();
        }).ConfigureAwait(false);
        return results;
    }
}
