// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Rag.Connectors.OpenXml;

/// <summary>
/// Reads Word documents with DocumentFormat.OpenXml: heading styles (and outline levels) build the heading path, numbered
/// paragraphs become list items, and tables become one row per block, each cell named by its header cell.
/// </summary>
/// <remarks>
/// Stateless and thread-safe. Files that are not a valid .docx package (including password-protected ones), parts that
/// inflate past <see cref="OpenXmlPackageReading.MaxCharactersInPart"/>, XML with a DTD (entity expansion) and parts over the nesting and element
/// limits of <see cref="XmlPartShapeLimits"/> (checked before the SDK loads them) throw <see cref="InvalidDataException"/>.
/// </remarks>
internal sealed class WordDocumentReader : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } = [".docx", ".docm", ".dotx"];

    public Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        OpenXmlPackageReading.ReadAsync(content, fileName, "Word document (.docx)", buffer => Read(buffer, fileName, cancellationToken), cancellationToken);

    private static ExtractedDocument Read(Stream buffer, string fileName, CancellationToken cancellationToken)
    {
        using WordprocessingDocument word = WordprocessingDocument.Open(buffer, isEditable: false, OpenXmlPackageReading.Settings);
        MainDocumentPart main = word.MainDocumentPart ?? throw new InvalidDataException($"'{fileName}' has no document body.");
        XmlPartShapeLimits.Check(main, fileName, cancellationToken);
        if (main.StyleDefinitionsPart is { } stylesPart)
        {
            XmlPartShapeLimits.Check(stylesPart, fileName, cancellationToken);
        }

        Body body = main.Document?.Body ?? throw new InvalidDataException($"'{fileName}' has no document body.");
        var walker = new Walker(StyleLevels(main), cancellationToken);
        walker.Visit(body);
        string? title = word.PackageProperties.Title is { } t && !string.IsNullOrWhiteSpace(t) ? t.Trim() : null;
        return new ExtractedDocument { Title = title ?? walker.FirstHeading ?? Path.GetFileNameWithoutExtension(fileName), Blocks = walker.Blocks };
    }

    /// <summary>Maps paragraph style ids to heading levels (Title = 0, Heading N = N), following style inheritance for outline levels.</summary>
    private static Dictionary<string, int> StyleLevels(MainDocumentPart part)
    {
        var levels = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        IEnumerable<Style> styles = part.StyleDefinitionsPart?.Styles?.Elements<Style>() ?? [];
        foreach (Style style in styles)
        {
            if (style.StyleId?.Value is not { } id)
            {
                continue;
            }

            string name = style.StyleName?.Val?.Value ?? id;
            if (name.Equals("Title", StringComparison.OrdinalIgnoreCase))
            {
                levels[id] = 0;
            }
            else if (TryHeadingLevel(name, out int level) || TryHeadingLevel(id, out level))
            {
                levels[id] = level;
            }
            else if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is int outline && outline < 9)
            {
                levels[id] = outline + 1;
            }
        }

        return levels;
    }

    private static bool TryHeadingLevel(string name, out int level)
    {
        level = 0;
        string compact = name.Replace(" ", string.Empty, StringComparison.Ordinal);
        return compact.StartsWith("heading", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(compact.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out level)
            && level is >= 1 and <= 9;
    }

    private sealed class Walker(Dictionary<string, int> styleLevels, CancellationToken cancellationToken)
    {
        private readonly List<(int Level, string Text)> _headings = [];

        public List<DocumentBlock> Blocks { get; } = [];

        public string? FirstHeading { get; private set; }

        public void Visit(OpenXmlElement container)
        {
            foreach (OpenXmlElement element in container.Elements())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (element)
                {
                    case Paragraph paragraph:
                        VisitParagraph(paragraph);
                        break;
                    case Table table:
                        VisitTable(table);
                        break;
                    case SdtBlock sdt when sdt.SdtContentBlock is { } sdtContent:
                        Visit(sdtContent);
                        break;
                    default:
                        break;
                }
            }
        }

        private void VisitParagraph(Paragraph paragraph)
        {
            string text = ParagraphText(paragraph).Trim();
            if (text.Length == 0)
            {
                return;
            }

            ParagraphProperties? properties = paragraph.ParagraphProperties;
            int? level = null;
            if (properties?.ParagraphStyleId?.Val?.Value is { } styleId && styleLevels.TryGetValue(styleId, out int styleLevel))
            {
                level = styleLevel;
            }
            else if (properties?.OutlineLevel?.Val?.Value is int outline && outline < 9)
            {
                level = outline + 1;
            }

            if (level is int headingLevel)
            {
                FirstHeading ??= text;
                _headings.RemoveAll(h => h.Level >= headingLevel);
                _headings.Add((headingLevel, text));
                Add(text, DocumentBlockKind.Heading);
                return;
            }

            Add(text, properties?.NumberingProperties is not null ? DocumentBlockKind.ListItem : DocumentBlockKind.Paragraph);
        }

        private void VisitTable(Table table)
        {
            List<string[]> rows = [.. table.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(CellText).ToArray())];
            if (rows.Count == 0)
            {
                return;
            }

            // The first row is the header when the table has more than one row.
            string[]? header = rows.Count > 1 ? rows[0] : null;
            foreach (string[] row in rows.Skip(header is null ? 0 : 1))
            {
                Add(HeaderNamedRow.Format(header, row), DocumentBlockKind.TableRow);
            }
        }

        private static string CellText(TableCell cell) =>
            string.Join(" ", cell.Descendants<Paragraph>().Select(ParagraphText).Select(t => t.Trim()).Where(t => t.Length > 0));

        private static string ParagraphText(Paragraph paragraph)
        {
            var builder = new StringBuilder();
            foreach (OpenXmlElement node in paragraph.Descendants())
            {
                switch (node)
                {
                    case Text text:
                        builder.Append(text.Text);
                        break;
                    case TabChar:
                        builder.Append('\t');
                        break;
                    case Break or CarriageReturn:
                        builder.Append('\n');
                        break;
                    case NoBreakHyphen:
                        builder.Append('-');
                        break;
                    default:
                        break;
                }
            }

            return builder.ToString();
        }

        private void Add(string text, DocumentBlockKind kind)
        {
            if (text.Length > 0)
            {
                Blocks.Add(new DocumentBlock { Text = text, Kind = kind, HeadingPath = [.. _headings.Select(h => h.Text)] });
            }
        }
    }
}
