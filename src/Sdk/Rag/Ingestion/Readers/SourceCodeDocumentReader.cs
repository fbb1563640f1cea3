// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Rag.Ingestion.Readers;

/// <summary>Reads source code and configuration files as code blocks that keep their exact line ranges (for citations).</summary>
internal sealed class SourceCodeDocumentReader : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } =
    [
        ".cs", ".csx", ".fs", ".vb", ".py", ".js", ".mjs", ".ts", ".tsx", ".jsx", ".java", ".kt", ".go", ".rs", ".c", ".h", ".cpp", ".hpp", ".cc",
        ".swift", ".rb", ".php", ".scala", ".sql", ".sh", ".bash", ".ps1", ".psm1", ".bat", ".cmd", ".r", ".lua", ".dart",
        ".css", ".scss", ".xml", ".xaml", ".csproj", ".props", ".targets", ".config", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf",
        ".env", ".properties", ".gradle", ".proto", ".graphql", ".tf", ".dockerfile",
    ];

    public async Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        DecodedText decoded = await TextDecoder.ReadAllTextAsync(content, fileName, cancellationToken);
        string text = decoded.Text;
        return new ExtractedDocument
        {
            Title = Path.GetFileName(fileName),
            Blocks = LineBlocks.Split(text, DocumentBlockKind.Code),
            Warnings = decoded.Warnings,
        };
    }
}
