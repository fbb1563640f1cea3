// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Rag.Connectors.Tesseract;

/// <summary>
/// Reads image files by OCR: every recognised paragraph is a block with its page (the frame of a multi-page TIFF, otherwise 1)
/// and the page's OCR confidence, so citations show the text was recognised. The image counts as one page to recognise in the
/// progress it reports (a multi-page TIFF is recognised by one engine call).
/// </summary>
/// <remarks>Stateless and thread-safe. An image without text, an unreadable image and a missing OCR engine throw <see cref="InvalidDataException"/> naming the file.</remarks>
internal sealed class ImageDocumentReader(IOcrEngine engine) : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"];

    public Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        ReadWithProgressAsync(content, fileName, progress: null, cancellationToken);

    public async Task<ExtractedDocument> ReadWithProgressAsync(Stream content, string fileName, IProgress<DocumentReadProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }

        IReadOnlyList<OcrPage> pages;
        try
        {
            progress?.Report(new DocumentReadProgress { Pages = 1, PagesRead = 1, OcrPages = 1 });
            pages = await engine.RecognizeImageAsync(bytes, fileName, cancellationToken).ConfigureAwait(false);
            progress?.Report(new DocumentReadProgress { Pages = 1, PagesRead = 1, OcrPages = 1, OcrPagesDone = 1 });
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            throw new InvalidDataException($"'{fileName}' was not read by OCR: {ex.Message}", ex);
        }

        List<DocumentBlock> blocks = [.. pages.SelectMany(p => p.Paragraphs.Select(text => new DocumentBlock { Text = text, PageNumber = p.PageNumber, OcrConfidence = p.Confidence }))];
        if (blocks.Count == 0)
        {
            throw new InvalidDataException($"'{fileName}': OCR found no text in the image.");
        }

        return new ExtractedDocument { Title = Path.GetFileNameWithoutExtension(fileName), Blocks = blocks };
    }
}
