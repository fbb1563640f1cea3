// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.OpenXml;

/// <summary>Creates the Excel and PowerPoint <see cref="IDocumentReader"/>s, for apps that register readers by hand.</summary>
public static class OfficeDocumentReaderFactory
{
    /// <summary>Creates an Excel reader: sheets become headings, rows become table rows named by the header row, formulas give their cached values.</summary>
    /// <returns>A stateless, thread-safe reader for <c>.xlsx</c> files.</returns>
    public static IDocumentReader CreateSpreadsheetReader() => new SpreadsheetReader();

    /// <summary>Creates a PowerPoint reader: slides in order, titles as headings, speaker notes kept; the slide number is the page number.</summary>
    /// <returns>A stateless, thread-safe reader for <c>.pptx</c> files.</returns>
    public static IDocumentReader CreatePresentationReader() => new PresentationReader();
}
