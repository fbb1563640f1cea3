// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Rag.Connectors.Pdf.Layout;
using Rag.Connectors.Pdf.Ocr;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace Rag.Connectors.Pdf;

/// <summary>
/// Reads PDF text with PdfPig: words are grouped into text blocks (Docstrum) in reading order, two-column option and
/// definition tables are kept as rows, running heads, feet and page numbers repeated across pages are removed, lines are
/// joined into paragraphs (de-hyphenated), and the outline (bookmarks) gives each paragraph its heading path; every
/// block keeps its 1-based page number. Pages without a usable text layer (<see cref="PdfTextLayer"/>) that hold an image
/// are read by the <see cref="IOcrEngine"/> once every text layer has been read, up to <see cref="IOcrEngine.MaxConcurrentPages"/>
/// at a time, their blocks carrying the page's OCR confidence. Each page read and each page recognised is reported
/// (<see cref="ReadWithProgressAsync"/>).
/// </summary>
/// <remarks>
/// Stateless and thread-safe. Encrypted (password-protected) and corrupt files throw <see cref="InvalidDataException"/>, and so
/// does a file whose every page needs OCR that cannot run (no engine, engine not installed); pages left unread in a file with
/// other text are reported in <see cref="ExtractedDocument.Warnings"/>.
/// </remarks>
internal sealed class PdfDocumentReader(IOcrEngine? ocr = null) : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    public Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        ReadWithProgressAsync(content, fileName, progress: null, cancellationToken);

    public async Task<ExtractedDocument> ReadWithProgressAsync(Stream content, string fileName, IProgress<DocumentReadProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }

        PdfStreamInflationLimit.Check(bytes, fileName, cancellationToken);
        try
        {
            using PdfDocument pdf = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true });
            var counter = new PdfReadProgress(pdf.NumberOfPages, progress);
            counter.Start();
            var pages = new List<PdfPageText>();
            var needOcr = new List<int>();
            foreach (Page page in pdf.GetPages())
            {
                cancellationToken.ThrowIfCancellationRequested();
                PdfPageText text = PdfPageLayout.Read(page);
                if (!PdfTextLayer.IsUsable(text) && (text.Blocks.Count > 0 || page.GetImages().Any()))
                {
                    text.Blocks.Clear();
                    needOcr.Add(page.Number);
                }

                pages.Add(text);
                counter.PageRead();
            }

            var recognized = new List<PdfParagraph>();
            var unread = new List<(int Page, string Reason)>();
            if (needOcr.Count > 0)
            {
                counter.OcrStarting(needOcr.Count);
                (OcrPage? Page, string? Failure)[] results = await PdfOcrPass.RecognizeAsync(ocr, pdf, bytes, fileName, needOcr, counter, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < needOcr.Count; i++)
                {
                    int number = needOcr[i];
                    if (results[i].Page is { } result)
                    {
                        double height = pages[number - 1].Height;
                        recognized.AddRange(result.Paragraphs.Select((p, line) => new PdfParagraph(p, DocumentBlockKind.Paragraph, number, height - line, result.Confidence)));
                    }
                    else
                    {
                        unread.Add((number, results[i].Failure!));
                    }
                }
            }

            PdfRunningText.Remove(pages);
            List<PdfParagraph> paragraphs = [.. PdfParagraphs.Read(pages).Concat(recognized).OrderBy(p => p.PageNumber)];
            List<DocumentBlock> blocks = PdfOutline.Read(pdf).ToBlocks(paragraphs);
            string[] warnings = [.. unread.GroupBy(u => u.Reason).Select(g => $"{PageList(g.Select(u => u.Page))} no usable text layer and {(g.Count() == 1 ? "was" : "were")} not read by OCR: {g.Key}.")];
            if (blocks.Count == 0 && warnings.Length > 0)
            {
                throw new InvalidDataException($"'{fileName}' has no text: {string.Join(" ", warnings)}");
            }

            string? title = pdf.Information.Title is { Length: > 0 } t && !string.IsNullOrWhiteSpace(t) ? t.Trim() : null;
            return new ExtractedDocument { Title = title ?? Path.GetFileNameWithoutExtension(fileName), Blocks = blocks, Warnings = warnings };
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw new InvalidDataException($"'{fileName}' is an encrypted PDF that needs a password.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not InvalidDataException)
        {
            throw new InvalidDataException($"'{fileName}' is not a readable PDF: {ex.Message}", ex);
        }
    }

    private static string PageList(IEnumerable<int> pages)
    {
        int[] numbers = [.. pages];
        return numbers.Length == 1
            ? string.Create(CultureInfo.InvariantCulture, $"Page {numbers[0]} has")
            : string.Create(CultureInfo.InvariantCulture, $"Pages {string.Join(", ", numbers)} have");
    }
}
