// Copyright (c) Rag contributors. Licensed under the MIT License.

using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using DocumentFormat.OpenXml.Spreadsheet;
using Text = DocumentFormat.OpenXml.Spreadsheet.Text;
using A = DocumentFormat.OpenXml.Drawing;

namespace Rag.Connectors.OpenXml.Tests;

public class OfficeDocumentReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Builds a workbook with two sheets: shared strings, a number, a formula with a cached value and a gap in the columns.</summary>
    internal static byte[] CreateSampleXlsx()
    {
        using var stream = new MemoryStream();
        using (SpreadsheetDocument spreadsheet = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            WorkbookPart workbook = spreadsheet.AddWorkbookPart();
            SharedStringTablePart strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(
                new SharedStringItem(new Text("Product")), new SharedStringItem(new Text("Price")), new SharedStringItem(new Text("Widget")));
            WorksheetPart prices = workbook.AddNewPart<WorksheetPart>();
            prices.Worksheet = new Worksheet(new SheetData(
                new Row(Shared("A1", 0), Shared("B1", 1), Inline("C1", "Total")),
                new Row(Shared("A2", 2), Number("B2", "4.5"), new Cell(new CellFormula("B2*2"), new CellValue("9")) { CellReference = "C2" }),
                new Row(Inline("A3", "Gadget"), Number("C3", "12"))));
            WorksheetPart notes = workbook.AddNewPart<WorksheetPart>();
            notes.Worksheet = new Worksheet(new SheetData(
                new Row(Inline("A1", "Note")),
                new Row(Inline("A2", "Prices exclude tax."))));
            workbook.Workbook = new Workbook(new Sheets(
                new Sheet { Name = "Prices", SheetId = 1, Id = workbook.GetIdOfPart(prices) },
                new Sheet { Name = "Notes", SheetId = 2, Id = workbook.GetIdOfPart(notes) }));
        }

        return stream.ToArray();

        static Cell Shared(string reference, int index) => new(new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture))) { CellReference = reference, DataType = CellValues.SharedString };
        static Cell Inline(string reference, string text) => new(new InlineString(new Text(text))) { CellReference = reference, DataType = CellValues.InlineString };
        static Cell Number(string reference, string value) => new(new CellValue(value)) { CellReference = reference };
    }

    /// <summary>Builds a two-slide deck: titles, body text and speaker notes on the first slide.</summary>
    internal static byte[] CreateSamplePptx()
    {
        using var stream = new MemoryStream();
        using (PresentationDocument deck = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            PresentationPart presentation = deck.AddPresentationPart();
            SlidePart first = AddSlide(presentation, "Quarterly results", "Revenue grew 12 percent.");
            NotesSlidePart notes = first.AddNewPart<NotesSlidePart>();
            notes.NotesSlide = new NotesSlide(new CommonSlideData(new ShapeTree(TextShape(2, PlaceholderValues.Body, "Mention the new office."))));
            SlidePart second = AddSlide(presentation, "Next steps", "Hire two engineers.");
            presentation.Presentation = new Presentation(new SlideIdList(
                new SlideId { Id = 256, RelationshipId = presentation.GetIdOfPart(first) },
                new SlideId { Id = 257, RelationshipId = presentation.GetIdOfPart(second) }));
        }

        return stream.ToArray();

        static SlidePart AddSlide(PresentationPart presentation, string title, string body)
        {
            SlidePart slide = presentation.AddNewPart<SlidePart>();
            slide.Slide = new Slide(new CommonSlideData(new ShapeTree(
                TextShape(2, PlaceholderValues.Title, title),
                TextShape(3, PlaceholderValues.Body, body))));
            return slide;
        }

        static Shape TextShape(uint id, PlaceholderValues placeholder, string text) =>
            new(
                new NonVisualShapeProperties(
                    new NonVisualDrawingProperties { Id = id, Name = "Shape " + id },
                    new NonVisualShapeDrawingProperties(),
                    new ApplicationNonVisualDrawingProperties(new PlaceholderShape { Type = placeholder })),
                new ShapeProperties(),
                new TextBody(new A.BodyProperties(), new A.Paragraph(new A.Run(new A.Text(text)))));
    }

    private static async Task<ExtractedDocument> ReadAsync(IDocumentReader reader, byte[] bytes, string name)
    {
        using var stream = new MemoryStream(bytes);
        return await reader.ReadAsync(stream, name, Ct);
    }

    [Fact]
    public async Task SpreadsheetReader_Xlsx_GivesSheetHeadingsAndRowsNamedByHeaderWithCachedFormulaValues()
    {
        ExtractedDocument document = await ReadAsync(OfficeDocumentReaderFactory.CreateSpreadsheetReader(), CreateSampleXlsx(), "prices.xlsx");

        Assert.Equal("prices", document.Title);
        Assert.Equal(
            [
                (DocumentBlockKind.Heading, "Prices", "Prices"),
                (DocumentBlockKind.TableRow, "Product: Widget; Price: 4.5; Total: 9", "Prices"),
                (DocumentBlockKind.TableRow, "Product: Gadget; Total: 12", "Prices"),
                (DocumentBlockKind.Heading, "Notes", "Notes"),
                (DocumentBlockKind.TableRow, "Note: Prices exclude tax.", "Notes"),
            ],
            document.Blocks.Select(b => (b.Kind, b.Text, string.Join("/", b.HeadingPath))));
    }

    [Fact]
    public async Task PresentationReader_Pptx_GivesSlidesInOrderWithTitlesAsHeadingsAndSpeakerNotes()
    {
        ExtractedDocument document = await ReadAsync(OfficeDocumentReaderFactory.CreatePresentationReader(), CreateSamplePptx(), "results.pptx");

        Assert.Equal("Quarterly results", document.Title);
        Assert.Equal(
            [
                (DocumentBlockKind.Heading, "Quarterly results", "Quarterly results", 1),
                (DocumentBlockKind.Paragraph, "Revenue grew 12 percent.", "Quarterly results", 1),
                (DocumentBlockKind.Paragraph, "Mention the new office.", "Quarterly results/Speaker notes", 1),
                (DocumentBlockKind.Heading, "Next steps", "Next steps", 2),
                (DocumentBlockKind.Paragraph, "Hire two engineers.", "Next steps", 2),
            ],
            document.Blocks.Select(b => (b.Kind, b.Text, string.Join("/", b.HeadingPath), b.PageNumber ?? 0)));
    }

    [Fact]
    public async Task SpreadsheetReader_SheetNestedPastTheDocxLimit_IsRefusedBeforeLoading()
    {
        using var stream = new MemoryStream();
        using (SpreadsheetDocument spreadsheet = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            WorkbookPart workbook = spreadsheet.AddWorkbookPart();
            WorksheetPart sheet = workbook.AddNewPart<WorksheetPart>();
            using (Stream partStream = sheet.GetStream(FileMode.Create))
            using (var writer = new StreamWriter(partStream))
            {
                writer.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
                writer.Write(string.Concat(Enumerable.Repeat("<x>", 1000)));
                writer.Write(string.Concat(Enumerable.Repeat("</x>", 1000)));
                writer.Write("</sheetData></worksheet>");
            }

            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "Deep", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
        }

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(OfficeDocumentReaderFactory.CreateSpreadsheetReader(), stream.ToArray(), "deep.xlsx"));
        Assert.Contains("deep.xlsx", error.Message, StringComparison.Ordinal);
        Assert.Contains("levels deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PresentationReader_NotAPackage_NamesTheFile()
    {
        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(OfficeDocumentReaderFactory.CreatePresentationReader(), "not a zip"u8.ToArray(), "broken.pptx"));
        Assert.Contains("broken.pptx", error.Message, StringComparison.Ordinal);
    }
}
