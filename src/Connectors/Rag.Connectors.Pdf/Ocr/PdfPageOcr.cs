// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Tokens;

namespace Rag.Connectors.Pdf.Ocr;

/// <summary>
/// OCRs a page without a usable text layer: a page that is one image (what scanners write) is recognised from that image as
/// stored (PNG-decodable, or JPEG bytes as they are); any other page is rendered whole by the engine.
/// </summary>
internal static class PdfPageOcr
{
    /// <summary>What the reader says when a page needs OCR and no engine is configured.</summary>
    public const string NoEngine = "no OCR engine is configured: add UseTesseractOcr() from the Rag.Connectors.Tesseract package and install Tesseract with 'apt-get install tesseract-ocr tesseract-ocr-eng poppler-utils'";

    /// <summary>Takes the image to recognise out of the page, when the page is one image stored in a form the engine reads.</summary>
    /// <returns>The encoded image, or <see langword="null"/> when the page is to be rendered whole.</returns>
    public static byte[]? StoredImage(Page page)
    {
        IPdfImage[] images = [.. page.GetImages()];
        if (images.Length != 1)
        {
            return null;
        }

        IPdfImage image = images[0];
        if (image.ImageDictionary.TryGet(NameToken.Filter, out IToken? filter) && NameToken.DctDecode.Equals(filter))
        {
            return image.RawMemory.ToArray();
        }

        return image.TryGetPng(out byte[]? png) ? png : null;
    }

    /// <summary>Recognises the page, from its stored image when there is one, else by rendering it.</summary>
    /// <param name="engine">The engine; <see langword="null"/> fails the page with <see cref="NoEngine"/>.</param>
    /// <param name="pageNumber">The 1-based page number.</param>
    /// <param name="image">The page's stored image (<see cref="StoredImage"/>), or <see langword="null"/> to render the page.</param>
    /// <param name="pdf">The PDF file.</param>
    /// <param name="fileName">The file name, for messages.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The recognised page, or the reason it could not be recognised (the engine is missing, the image is unreadable).</returns>
    public static async Task<(OcrPage? Page, string? Failure)> RecognizeAsync(IOcrEngine? engine, int pageNumber, byte[]? image, ReadOnlyMemory<byte> pdf, string fileName, CancellationToken cancellationToken)
    {
        if (engine is null)
        {
            return (null, NoEngine);
        }

        try
        {
            if (image is not null)
            {
                OcrPage? recognized = (await engine.RecognizeImageAsync(image, $"{fileName}, page {pageNumber}", cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                return (new OcrPage { PageNumber = pageNumber, Paragraphs = recognized?.Paragraphs ?? [], Confidence = recognized?.Confidence ?? 0 }, null);
            }

            return (await engine.RecognizePdfPageAsync(pdf, pageNumber, fileName, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or TimeoutException)
        {
            return (null, ex.Message);
        }
    }
}
