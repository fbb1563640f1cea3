// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using Rag.Ingestion.Readers;

namespace Rag;

/// <summary>Maps file extensions to the <see cref="IDocumentReader"/> that reads them.</summary>
/// <remarks>
/// <para>Built in: plain text (<c>.txt</c>, <c>.log</c>, ...), Markdown, HTML, CSV/TSV, JSON/JSON Lines, and source code and
/// configuration files (<c>.cs</c>, <c>.py</c>, <c>.yaml</c>, ...). PDF and Word readers come from the
/// <c>Rag.Connectors.Pdf</c> and <c>Rag.Connectors.OpenXml</c> packages. Apps add or replace readers with <see cref="Register"/>;
/// the last registration for an extension wins.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed class DocumentReaderRegistry
{
    private readonly Dictionary<string, IDocumentReader> _readers = new(StringComparer.OrdinalIgnoreCase);
    private readonly System.Threading.Lock _lock = new();

    /// <summary>Initializes a new instance of the <see cref="DocumentReaderRegistry"/> class with the built-in readers, then <paramref name="readers"/>.</summary>
    /// <param name="readers">Additional readers (for example those registered in dependency injection); they override built-in ones for the same extension.</param>
    public DocumentReaderRegistry(IEnumerable<IDocumentReader>? readers = null)
    {
        Register(new PlainTextDocumentReader());
        Register(new SourceCodeDocumentReader());
        Register(new MarkdownDocumentReader());
        Register(new HtmlDocumentReader());
        Register(new CsvDocumentReader());
        Register(new JsonDocumentReader());
        foreach (IDocumentReader reader in readers ?? [])
        {
            Register(reader);
        }
    }

    /// <summary>Gets the extensions that have a reader, lower case with the leading dot.</summary>
    public IReadOnlyCollection<string> Extensions
    {
        get
        {
            lock (_lock)
            {
                return [.. _readers.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Registers a reader for each of its <see cref="IDocumentReader.Extensions"/>, replacing earlier ones.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>This registry, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An extension does not start with a dot.</exception>
    public DocumentReaderRegistry Register(IDocumentReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        lock (_lock)
        {
            foreach (string extension in reader.Extensions)
            {
                if (extension is not ['.', _, ..])
                {
                    throw new ArgumentException($"Extension '{extension}' must start with a dot, for example '.md'.", nameof(reader));
                }

                _readers[extension] = reader;
            }
        }

        return this;
    }

    /// <summary>Finds the reader for a file by its extension.</summary>
    /// <param name="path">A file name or path.</param>
    /// <param name="reader">The reader, when found.</param>
    /// <returns><see langword="true"/> when a reader handles the file's extension.</returns>
    public bool TryGetReader(string path, [NotNullWhen(true)] out IDocumentReader? reader)
    {
        ArgumentNullException.ThrowIfNull(path);
        string extension = Path.GetExtension(path);
        if (extension.Length == 0 && Path.GetFileName(path).Equals("Dockerfile", StringComparison.OrdinalIgnoreCase))
        {
            extension = ".dockerfile";
        }

        lock (_lock)
        {
            return _readers.TryGetValue(extension, out reader);
        }
    }

    /// <summary>Finds the reader registered for <c>.txt</c>, which reads files that have no type of their own but text content.</summary>
    /// <param name="reader">The reader, when found.</param>
    /// <returns><see langword="true"/> when a reader handles <c>.txt</c>.</returns>
    internal bool TryGetPlainTextReader([NotNullWhen(true)] out IDocumentReader? reader) => TryGetReader("untyped.txt", out reader);
}
