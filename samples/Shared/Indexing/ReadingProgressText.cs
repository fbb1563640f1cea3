// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Globalization;

namespace Rag.Samples.Indexing;

/// <summary>
/// Says which file a sync is on and, for a paged document, which page: "OCR page 3/40 of scan.pdf", "page 120/3000 of
/// manual.pdf"; for a large document being embedded, how many chunks: "embedded 1,200/7,684 chunks of big.txt".
/// </summary>
internal static class ReadingProgressText
{
    /// <summary>Describes the file in <paramref name="progress"/>, its page when the reader reports pages; empty when no file is named.</summary>
    /// <param name="progress">The sync's progress.</param>
    /// <param name="file">The file as it is to be shown (shortened, escaped); defaults to <see cref="IngestionProgress.CurrentFile"/>.</param>
    public static string Describe(IngestionProgress progress, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(progress);
        file ??= progress.CurrentFile ?? string.Empty;
        return progress.Reading switch
        {
            { OcrPages: > 0 } r => string.Create(CultureInfo.InvariantCulture, $"OCR page {Math.Min(r.OcrPagesDone + 1, r.OcrPages)}/{r.OcrPages} of {file}"),
            { Pages: > 0 } r => string.Create(CultureInfo.InvariantCulture, $"page {Math.Min(r.PagesRead + 1, r.Pages)}/{r.Pages} of {file}"),
            _ => progress.Embedding is { } e ? string.Create(CultureInfo.InvariantCulture, $"embedded {e.ChunksEmbedded:N0}/{e.Chunks:N0} chunks of {file}") : file,
        };
    }
}
