// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Rag.Ingestion.Readers;

/// <summary>Reads CSV/TSV (RFC 4180 quoting): the first record is the header; every other record becomes a table row carrying the header names and its line range.</summary>
internal sealed class CsvDocumentReader : IDocumentReader
{
    /// <summary>
    /// The most fields one record may have (a spreadsheet's column limit). Without it, a 100 MB file of commas is one
    /// record of 50 million fields and takes gigabytes as strings before the first row is written.
    /// </summary>
    internal const int MaxFieldsPerRecord = 16_384;

    public IReadOnlyCollection<string> Extensions { get; } = [".csv", ".tsv"];

    public async Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        DecodedText decoded = await TextDecoder.ReadAllTextAsync(content, fileName, cancellationToken);
        string text = decoded.Text;
        char delimiter = fileName.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : DetectDelimiter(text);
        var blocks = new List<DocumentBlock>();
        string[]? header = null;
        foreach ((List<string> fields, int startLine, int endLine) in Parse(text, delimiter, fileName))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (fields.TrueForAll(f => f.Length == 0))
            {
                continue;
            }

            if (header is null)
            {
                header = [.. fields];
                continue;
            }

            string row = TableText.Row(header, fields);
            if (row.Length > 0)
            {
                blocks.Add(new DocumentBlock { Text = row, Kind = DocumentBlockKind.TableRow, StartLine = startLine, EndLine = endLine });
            }
        }

        return new ExtractedDocument { Title = Path.GetFileNameWithoutExtension(fileName), Blocks = blocks, Warnings = decoded.Warnings };
    }

    /// <summary>Parses RFC 4180 records: quoted fields may hold delimiters, line breaks and doubled quotes.</summary>
    /// <exception cref="InvalidDataException">A record has more than <see cref="MaxFieldsPerRecord"/> fields.</exception>
    internal static IEnumerable<(List<string> Fields, int StartLine, int EndLine)> Parse(string text, char delimiter, string fileName)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1;
        int recordStart = 1;
        bool quoted = false;
        bool any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                quoted = true;
                any = true;
            }
            else if (c == delimiter)
            {
                if (fields.Count == MaxFieldsPerRecord - 1)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{fileName}' has a record (line {recordStart}) of more than {MaxFieldsPerRecord:N0} fields, more columns than a spreadsheet holds: it is not read as a table."));
                }

                fields.Add(field.ToString());
                field.Clear();
                any = true;
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                yield return (fields, recordStart, line);
                fields = [];
                any = false;
                line++;
                recordStart = line;
            }
            else
            {
                field.Append(c);
                any = true;
            }
        }

        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return (fields, recordStart, line);
        }
    }

    private static char DetectDelimiter(string text)
    {
        int end = text.IndexOf('\n');
        ReadOnlySpan<char> first = end < 0 ? text : text.AsSpan(0, end);
        int commas = first.Count(',');
        int semicolons = first.Count(';');
        int tabs = first.Count('\t');
        return tabs > commas && tabs > semicolons ? '\t' : semicolons > commas ? ';' : ',';
    }
}
