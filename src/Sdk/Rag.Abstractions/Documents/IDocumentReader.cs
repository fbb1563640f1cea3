// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Rag;

/// <summary>Extracts text and structure from one file format.</summary>
/// <remarks>Implementations are stateless and thread-safe. They throw <see cref="InvalidDataException"/> for content they cannot read.</remarks>
public interface IDocumentReader
{
    /// <summary>Gets the file extensions this reader handles, lower case with the leading dot (for example <c>.md</c>).</summary>
    IReadOnlyCollection<string> Extensions { get; }

    /// <summary>Reads a document.</summary>
    /// <param name="content">The file content, positioned at its start.</param>
    /// <param name="fileName">The file name, used for the fallback title and for messages.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The extracted document.</returns>
    /// <exception cref="InvalidDataException">The content is not a valid document of this format.</exception>
    Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default);

    /// <summary>Reads a document, reporting its pages as they are read; readers of paged formats (PDF, scans) override it.</summary>
    /// <param name="content">The file content, positioned at its start.</param>
    /// <param name="fileName">The file name, used for the fallback title and for messages.</param>
    /// <param name="progress">Hears the pages read and recognised; <see langword="null"/> for none. Reports may come from several threads, one at a time.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>The extracted document.</returns>
    /// <exception cref="InvalidDataException">The content is not a valid document of this format.</exception>
    /// <remarks>The default reads without reporting (<see cref="ReadAsync(Stream, string, CancellationToken)"/>).</remarks>
    Task<ExtractedDocument> ReadWithProgressAsync(Stream content, string fileName, IProgress<DocumentReadProgress>? progress, CancellationToken cancellationToken = default) =>
        ReadAsync(content, fileName, cancellationToken);
}
