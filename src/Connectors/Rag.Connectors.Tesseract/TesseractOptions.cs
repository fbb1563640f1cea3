// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Rag.Connectors.Tesseract;

/// <summary>Options of the Tesseract OCR engine.</summary>
public sealed class TesseractOptions
{
    /// <summary>Gets or sets the <c>tesseract</c> executable: a name looked up on PATH or a full path.</summary>
    /// <value>Defaults to <c>tesseract</c> (Debian: <c>apt-get install tesseract-ocr tesseract-ocr-eng</c>).</value>
    public string ExecutablePath { get; set; } = "tesseract";

    /// <summary>Gets or sets the <c>pdftoppm</c> executable (poppler) that renders PDF pages whose image cannot be taken out of the file as it is.</summary>
    /// <value>Defaults to <c>pdftoppm</c> (Debian: <c>apt-get install poppler-utils</c>).</value>
    public string PdfRendererPath { get; set; } = "pdftoppm";

    /// <summary>Gets or sets the Tesseract languages to recognise (traineddata names such as <c>eng</c>, <c>spa</c>, <c>chi_sim</c>).</summary>
    /// <value>
    /// Defaults to empty: English plus every other installed language (<c>tesseract --list-langs</c>, without the <c>osd</c>
    /// script-detection data). Each language costs recognition time, so name the few a collection holds. A language that is not
    /// installed fails the first recognition with a message naming its Debian package (<c>tesseract-ocr-spa</c>).
    /// </value>
    public IList<string> Languages { get; set; } = [];

    /// <summary>Gets or sets the languages the documents are known to be in, recognised beside English when installed (instead of every installed language).</summary>
    /// <value>
    /// Defaults to empty: no preference. Used only when <see cref="Languages"/> is empty. The samples set it from the keyword
    /// language (Spanish gives <c>spa</c>, so OCR runs <c>eng+spa</c>); a preferred language that is not installed is left out
    /// (English alone is recognised) rather than failing, since the documents may not need it.
    /// </value>
    public IList<string> PreferredLanguages { get; set; } = [];

    /// <summary>Gets or sets the folder where recognised pages are cached, keyed by the SHA-256 of the page image, the languages and the Tesseract version.</summary>
    /// <value>
    /// Defaults to <see langword="null"/>: no cache. Set it beside the index (the samples use <c>&lt;index&gt;.ocr-cache</c>) so that
    /// re-reading a changed or re-embedded document never recognises the same page twice. Entries are small JSON files; deleting the folder is safe.
    /// </value>
    public string? CacheDirectory { get; set; }

    /// <summary>Gets or sets the longest one page (or image) may take to recognise; Tesseract is stopped past it and the page fails.</summary>
    /// <value>
    /// Defaults to 1 minute. The ingestion grants a file <c>IngestionOptions.MaxOcrPageProcessingTime</c> (2 minutes) per page
    /// recognised, on top of its per-file limit, so a long scan completes while a page that hangs is stopped here.
    /// </value>
    public TimeSpan PageTimeLimit { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many pages of one document are recognised at once, each by its own single-threaded <c>tesseract</c> process (<c>OMP_THREAD_LIMIT=1</c>).</summary>
    /// <value>Defaults to the processor count, at most 4. Each process holds a page image and Tesseract's models (tens of MB).</value>
    public int MaxParallelPages { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Gets or sets the resolution PDF pages are rendered at when their image is not taken out of the file as it is.</summary>
    /// <value>Defaults to 300 dots per inch, the resolution Tesseract is trained for; 72 to 1200.</value>
    public int RenderDpi { get; set; } = 300;

    /// <summary>Throws naming the first option that is out of range; run when an engine is created.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ExecutablePath, nameof(ExecutablePath));
        ArgumentException.ThrowIfNullOrWhiteSpace(PdfRendererPath, nameof(PdfRendererPath));
        ArgumentNullException.ThrowIfNull(Languages, nameof(Languages));
        ArgumentNullException.ThrowIfNull(PreferredLanguages, nameof(PreferredLanguages));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PageTimeLimit, TimeSpan.Zero, nameof(PageTimeLimit));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxParallelPages, nameof(MaxParallelPages));
        ArgumentOutOfRangeException.ThrowIfLessThan(RenderDpi, 72, nameof(RenderDpi));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RenderDpi, 1200, nameof(RenderDpi));
    }
}
