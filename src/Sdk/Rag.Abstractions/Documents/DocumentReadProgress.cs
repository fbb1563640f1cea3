// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag;

/// <summary>
/// How far a reader has got through one paged document (a PDF, a multi-page scan), reported while it reads: the ingestor
/// shows it as progress and grants the file time per page read (<c>IngestionOptions.MaxPageProcessingTime</c>) and per page
/// recognised by OCR (<c>IngestionOptions.MaxOcrPageProcessingTime</c>).
/// </summary>
public sealed record DocumentReadProgress
{
    /// <summary>Gets the number of pages in the document; 0 while unknown.</summary>
    public int Pages { get; init; }

    /// <summary>Gets the number of pages whose text layer has been read.</summary>
    public int PagesRead { get; init; }

    /// <summary>Gets the number of pages to recognise by OCR (pages without a usable text layer, or image frames); 0 while unknown or when none.</summary>
    public int OcrPages { get; init; }

    /// <summary>Gets the number of those pages recognised so far.</summary>
    public int OcrPagesDone { get; init; }
}
