// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Rag.Connectors.Pdf.Layout;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace Rag.Connectors.Pdf;

/// <summary>
/// Reads PDF text with PdfPig: words are grouped into text blocks (Docstrum) in reading order, two-column option and
/// definition tables are kept as rows, running heads, feet and page numbers repeated across pages are removed, lines are
/// joined into paragraphs (de-hyphenated), and the outline (bookmarks) gives each paragraph its heading path; every
/// block keeps its 1-based page number.
/// </summary>
/// <remarks>Stateless and thread-safe. Encrypted (password-protected) and corrupt files throw <see cref="InvalidDataException"/>.</remarks>
internal sealed class PdfDocumentReader : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    public async Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
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
            var pages = new List<PdfPageText>();
            foreach (Page page in pdf.GetPages())
            {
                cancellationToken.ThrowIfCancellationRequested();
                pages.Add(PdfPageLayout.Read(page));
            }

            PdfRunningText.Remove(pages);
            List<DocumentBlock> blocks = PdfOutline.Read(pdf).ToBlocks(PdfParagraphs.Read(pages));
            string? title = pdf.Information.Title is { Length: > 0 } t && !string.IsNullOrWhiteSpace(t) ? t.Trim() : null;
            return new ExtractedDocument { Title = title ?? Path.GetFileNameWithoutExtension(fileName), Blocks = blocks };
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
}
