// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;
using UglyToad.PdfPig.Exceptions;

namespace Rag.Connectors.Pdf;

/// <summary>
/// Reads PDF text with PdfPig: words are grouped into text blocks (Docstrum), blocks are put in reading order,
/// and each block becomes a paragraph that keeps its line breaks and its 1-based page number.
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

        try
        {
            using PdfDocument pdf = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true });
            var blocks = new List<DocumentBlock>();
            foreach (Page page in pdf.GetPages())
            {
                cancellationToken.ThrowIfCancellationRequested();
                blocks.AddRange(ReadPage(page));
            }

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

    private static IEnumerable<DocumentBlock> ReadPage(Page page)
    {
        IReadOnlyList<Word> words = [.. page.GetWords(NearestNeighbourWordExtractor.Instance).Where(w => !string.IsNullOrWhiteSpace(w.Text))];
        if (words.Count == 0)
        {
            yield break;
        }

        IReadOnlyList<TextBlock> segments = DocstrumBoundingBoxes.Instance.GetBlocks(words);
        foreach (TextBlock block in UnsupervisedReadingOrderDetector.Instance.Get(segments))
        {
            string text = string.Join('\n', block.TextLines.Select(l => l.Text.Trim()).Where(l => l.Length > 0));
            if (text.Length > 0)
            {
                yield return new DocumentBlock { Text = text, Kind = DocumentBlockKind.Paragraph, PageNumber = page.Number };
            }
        }
    }
}
