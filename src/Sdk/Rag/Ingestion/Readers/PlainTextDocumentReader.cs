// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Rag.Ingestion.Readers;

/// <summary>Reads plain text: blank-line separated paragraphs with their line ranges.</summary>
internal sealed class PlainTextDocumentReader : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } = [".txt", ".text", ".log", ".rst", ".adoc"];

    public async Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        DecodedText decoded = await TextDecoder.ReadAllTextAsync(content, fileName, cancellationToken);
        string text = decoded.Text;
        return new ExtractedDocument
        {
            Title = Path.GetFileNameWithoutExtension(fileName),
            Blocks = LineBlocks.Split(text, DocumentBlockKind.Paragraph),
            Warnings = decoded.Warnings,
        };
    }
}
