// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rag.Connectors.OpenXml;

/// <summary>
/// Reads Excel workbooks with DocumentFormat.OpenXml: each sheet is a heading, its first non-empty row names the columns,
/// and every later row becomes one table-row block ("Header: value; …"), like the CSV reader. Formula cells give their
/// cached value (what Excel last computed), never the formula.
/// </summary>
/// <remarks>Stateless and thread-safe; every part is checked by <see cref="XmlPartShapeLimits"/> before it is loaded, as for .docx.</remarks>
internal sealed class SpreadsheetReader : IDocumentReader
{
    public IReadOnlyCollection<string> Extensions { get; } = [".xlsx", ".xlsm"];

    public Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        OpenXmlPackageReading.ReadAsync(content, fileName, "Excel workbook (.xlsx)", buffer => Read(buffer, fileName, cancellationToken), cancellationToken);

    private static ExtractedDocument Read(Stream buffer, string fileName, CancellationToken cancellationToken)
    {
        using SpreadsheetDocument spreadsheet = SpreadsheetDocument.Open(buffer, isEditable: false, OpenXmlPackageReading.Settings);
        WorkbookPart workbookPart = spreadsheet.WorkbookPart ?? throw new InvalidDataException($"'{fileName}' has no workbook.");
        XmlPartShapeLimits.Check(workbookPart, fileName, cancellationToken);
        string[] sharedStrings = [];
        if (workbookPart.SharedStringTablePart is { } stringsPart)
        {
            XmlPartShapeLimits.Check(stringsPart, fileName, cancellationToken);
            sharedStrings = [.. (stringsPart.SharedStringTable?.Elements<SharedStringItem>() ?? []).Select(item => item.InnerText)];
        }

        var blocks = new List<DocumentBlock>();
        IEnumerable<Sheet> sheets = workbookPart.Workbook?.Sheets?.Elements<Sheet>() ?? [];
        foreach (Sheet sheet in sheets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (sheet.Id?.Value is not { } relationshipId || workbookPart.GetPartById(relationshipId) is not WorksheetPart worksheetPart)
            {
                continue;
            }

            XmlPartShapeLimits.Check(worksheetPart, fileName, cancellationToken);
            string name = sheet.Name?.Value ?? relationshipId;
            AddSheet(blocks, name, worksheetPart, sharedStrings, cancellationToken);
        }

        string? title = spreadsheet.PackageProperties.Title is { } t && !string.IsNullOrWhiteSpace(t) ? t.Trim() : null;
        return new ExtractedDocument { Title = title ?? Path.GetFileNameWithoutExtension(fileName), Blocks = blocks };
    }

    private static void AddSheet(List<DocumentBlock> blocks, string name, WorksheetPart part, string[] sharedStrings, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> headingPath = [name];
        string[]? header = null;
        bool headed = false;
        foreach (Row row in part.Worksheet?.Descendants<Row>() ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            string[] cells = RowCells(row, sharedStrings);
            if (cells.All(c => c.Length == 0))
            {
                continue;
            }

            if (!headed)
            {
                headed = true;
                blocks.Add(new DocumentBlock { Text = name, Kind = DocumentBlockKind.Heading, HeadingPath = headingPath });
                header = cells;
                continue;
            }

            blocks.Add(new DocumentBlock { Text = HeaderNamedRow.Format(header, cells), Kind = DocumentBlockKind.TableRow, HeadingPath = headingPath });
        }
    }

    /// <summary>The row's cell texts by column (gaps left by the cell references stay empty).</summary>
    private static string[] RowCells(Row row, string[] sharedStrings)
    {
        var cells = new List<string>();
        foreach (Cell cell in row.Elements<Cell>())
        {
            int column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
            if (column >= XmlPartShapeLimits.MaxElements)
            {
                continue;
            }

            while (cells.Count < column)
            {
                cells.Add(string.Empty);
            }

            string text = CellText(cell, sharedStrings).Trim();
            if (column < cells.Count)
            {
                cells[column] = text;
            }
            else
            {
                cells.Add(text);
            }
        }

        return [.. cells];
    }

    private static int ColumnIndex(string reference)
    {
        int index = 0;
        foreach (char c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            index = (index * 26) + (c - 'A' + 1);
            if (index > XmlPartShapeLimits.MaxElements)
            {
                break;
            }
        }

        return Math.Max(index - 1, 0);
    }

    private static string CellText(Cell cell, string[] sharedStrings)
    {
        CellValues? type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? string.Empty;
        }

        string value = cell.CellValue?.Text ?? string.Empty;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index) && index < sharedStrings.Length
                ? sharedStrings[index]
                : string.Empty;
        }

        if (type == CellValues.Boolean)
        {
            return value == "1" ? "TRUE" : "FALSE";
        }

        return value;
    }
}
