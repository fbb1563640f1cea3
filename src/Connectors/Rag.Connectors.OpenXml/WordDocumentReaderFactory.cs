// Copyright (c) Rag contributors. Licensed under the MIT License.

namespace Rag.Connectors.OpenXml;

/// <summary>Creates the Word <see cref="IDocumentReader"/>, for apps that register readers by hand (for example <c>DocumentReaderRegistry.Register</c>).</summary>
public static class WordDocumentReaderFactory
{
    /// <summary>Creates a Word reader (DocumentFormat.OpenXml): heading styles become heading paths and tables stay rows with header cells.</summary>
    /// <returns>A stateless, thread-safe reader for <c>.docx</c> files.</returns>
    public static IDocumentReader Create() => new WordDocumentReader();
}
