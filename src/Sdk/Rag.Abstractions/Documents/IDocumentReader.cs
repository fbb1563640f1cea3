// Copyright (c) Rag contributors. Licensed under the MIT License.

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
}
