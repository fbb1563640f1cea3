// Copyright (c) Rag contributors. Licensed under the MIT License.

using Rag.Connectors.OpenXml;
using Rag.Connectors.Pdf;

namespace Rag.Fuzz;

/// <summary>
/// One fuzz target: a document reader fed the input as a file of its type, its output then chunked and checked, or the
/// chunker alone fed a document built from the input. A finding is any exception other than the reader's
/// <see cref="InvalidDataException"/> (its documented "this file cannot be read" failure) or a broken chunk invariant.
/// </summary>
internal sealed class FuzzTarget
{
    private static readonly DocumentReaderRegistry s_builtIn = new();
    private static readonly IDocumentReader s_word = WordDocumentReaderFactory.Create();

    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, FuzzOutcome> _run;

    private FuzzTarget(string name, string fileName, Func<ReadOnlyMemory<byte>, CancellationToken, FuzzOutcome> run)
    {
        Name = name;
        FileName = fileName;
        _run = run;
    }

    /// <summary>Gets every target: one per reader, one for the Word reader's XML inside a valid package, and one for the chunker.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        ForReader("txt", "fuzz.txt", BuiltIn("fuzz.txt")),
        ForReader("md", "fuzz.md", BuiltIn("fuzz.md")),
        ForReader("html", "fuzz.html", BuiltIn("fuzz.html")),
        ForReader("csv", "fuzz.csv", BuiltIn("fuzz.csv")),
        ForReader("json", "fuzz.json", BuiltIn("fuzz.json")),
        ForReader("jsonl", "fuzz.jsonl", BuiltIn("fuzz.jsonl")),
        ForReader("code", "fuzz.cs", BuiltIn("fuzz.cs")),
        ForReader("pdf", "fuzz.pdf", PdfDocumentReaderFactory.Create()),
        ForReader("docx", "fuzz.docx", s_word),
        new("docx-xml", "fuzz.docx", static (input, token) => Read(s_word, "fuzz.docx", WordPackage.Wrap(input.Span), token)),
        new("chunker", "fuzz.chunker", static (input, token) => ChunkAndCheck(FuzzedDocument.Build(input.Span), "fuzz.txt", FuzzedDocument.Budget(input.Span), token)),
    ];

    /// <summary>Gets the target's name, as given on the command line (<c>txt</c>, <c>pdf</c>, <c>chunker</c>, ...).</summary>
    public string Name { get; }

    /// <summary>Gets the file name the input is read as (its extension selects the reader).</summary>
    public string FileName { get; }

    /// <summary>Finds a target by name.</summary>
    /// <param name="name">The target's name.</param>
    /// <returns>The target, or <see langword="null"/> when none has that name.</returns>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Runs the target on one input.</summary>
    /// <param name="input">The input bytes.</param>
    /// <param name="cancellationToken">The <see cref="CancellationToken"/> to monitor for cancellation requests.</param>
    /// <returns>Whether the input was read and chunked, or rejected as unreadable.</returns>
    /// <exception cref="FuzzFindingException">A chunk invariant was broken.</exception>
    /// <remarks>Any other exception that escapes is a finding too: readers may only fail with <see cref="InvalidDataException"/>.</remarks>
    public FuzzOutcome Run(ReadOnlyMemory<byte> input, CancellationToken cancellationToken = default) => _run(input, cancellationToken);

    private static IDocumentReader BuiltIn(string fileName) =>
        s_builtIn.TryGetReader(fileName, out IDocumentReader? reader) ? reader : throw new InvalidOperationException($"No built-in reader for {fileName}.");

    private static FuzzTarget ForReader(string name, string fileName, IDocumentReader reader) =>
        new(name, fileName, (input, token) => Read(reader, fileName, input.ToArray(), token));

    private static FuzzOutcome Read(IDocumentReader reader, string fileName, byte[] file, CancellationToken cancellationToken)
    {
        ExtractedDocument document;
        try
        {
            using var stream = new MemoryStream(file, writable: false);
            document = reader.ReadAsync(stream, fileName, cancellationToken).GetAwaiter().GetResult();
        }
        catch (InvalidDataException)
        {
            return FuzzOutcome.Rejected;
        }

        return ChunkAndCheck(document, fileName, 64, cancellationToken);
    }

    private static FuzzOutcome ChunkAndCheck(ExtractedDocument document, string fileName, int maxTokens, CancellationToken cancellationToken)
    {
        if (document.Blocks is null || document.Blocks.Any(b => b?.Text is null))
        {
            throw new FuzzFindingException("The reader returned a null block or block text.");
        }

        var chunker = new DocumentChunker(new FuzzTokenCounter(), new ChunkingOptions { MaxTokens = maxTokens });
        IReadOnlyList<DocumentChunk> chunks = chunker.Chunk(document, "fuzz", fileName, cancellationToken: cancellationToken);
        ChunkInvariants.Check(document, chunks);
        return FuzzOutcome.Read;
    }
}
