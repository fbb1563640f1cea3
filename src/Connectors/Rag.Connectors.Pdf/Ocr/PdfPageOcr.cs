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

    /// <summary>Recognises the page.</summary>
    /// <returns>The recognised page, or the reason it could not be recognised (the engine is missing, the image is unreadable).</returns>
    public static async Task<(OcrPage? Page, string? Failure)> RecognizeAsync(IOcrEngine? engine, Page page, ReadOnlyMemory<byte> pdf, string fileName, CancellationToken cancellationToken)
    {
        if (engine is null)
        {
            return (null, NoEngine);
        }

        try
        {
            IPdfImage[] images = [.. page.GetImages()];
            if (images.Length == 1 && StoredImage(images[0]) is { } image)
            {
                OcrPage? recognized = (await engine.RecognizeImageAsync(image, $"{fileName}, page {page.Number}", cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                return (new OcrPage { PageNumber = page.Number, Paragraphs = recognized?.Paragraphs ?? [], Confidence = recognized?.Confidence ?? 0 }, null);
            }

            return (await engine.RecognizePdfPageAsync(pdf, page.Number, fileName, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or TimeoutException)
        {
            return (null, ex.Message);
        }
    }

    private static byte[]? StoredImage(IPdfImage image)
    {
        if (image.ImageDictionary.TryGet(NameToken.Filter, out IToken? filter) && NameToken.DctDecode.Equals(filter))
        {
            return image.RawMemory.ToArray();
        }

        return image.TryGetPng(out byte[]? png) ? png : null;
    }
}
