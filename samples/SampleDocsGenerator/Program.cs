// Copyright (c) Rag contributors. Licensed under the MIT License.

// Generates the PDF and DOCX documents of the sample knowledge base in samples/docs.
// Usage: dotnet run --project samples/SampleDocsGenerator [-- <output folder>]

using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

string output = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "samples", "docs");
Directory.CreateDirectory(output);

WriteBenefitsPdf(Path.Combine(output, "benefits.pdf"));
WriteOnboardingDocx(Path.Combine(output, "onboarding.docx"));
Console.WriteLine($"Wrote benefits.pdf and onboarding.docx to {Path.GetFullPath(output)}");

static void WriteBenefitsPdf(string path)
{
    string[][] pages =
    [
        [
            "# Employee Benefits 2026",
            "This guide summarises the benefits Northwind Robotics offers to permanent employees.",
            "## Health insurance",
            "The company pays 70 percent of the premium for the group health insurance plan.",
            "Partners and children can be added to the plan at the employee rate.",
            "## Pension",
            "The company matches pension contributions up to 5 percent of the gross salary.",
            "Matching starts after the probation period and vests immediately.",
        ],
        [
            "## Learning budget",
            "Every employee has a learning budget of 1,500 euros per year for courses, books and conferences.",
            "Unused learning budget does not carry over to the next year.",
            "## Public transport",
            "A monthly public transport pass is fully reimbursed for employees who commute by train or bus.",
            "## Bicycle leasing",
            "Employees can lease a bicycle or e-bike through salary conversion for up to 36 months.",
        ],
    ];

    var builder = new PdfDocumentBuilder();
    PdfDocumentBuilder.AddedFont regular = builder.AddStandard14Font(Standard14Font.Helvetica);
    PdfDocumentBuilder.AddedFont bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
    foreach (string[] lines in pages)
    {
        PdfPageBuilder page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        double y = 780;
        foreach (string line in lines)
        {
            bool heading = line.StartsWith('#');
            string text = line.TrimStart('#', ' ');
            double size = line.StartsWith("# ", StringComparison.Ordinal) ? 18 : heading ? 14 : 11;
            page.AddText(text, size, new PdfPoint(50, y), heading ? bold : regular);
            y -= heading ? 28 : 18;
        }
    }

    File.WriteAllBytes(path, builder.Build());
}

static void WriteOnboardingDocx(string path)
{
    using WordprocessingDocument document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document);
    MainDocumentPart main = document.AddMainDocumentPart();
    main.Document = new Document(new Body());
    Body body = main.Document.Body!;

    AddStyles(main);
    body.Append(Paragraph("Onboarding Guide", "Heading1"));
    body.Append(Paragraph("Welcome to Northwind Robotics! This guide explains your first weeks with us."));
    body.Append(Paragraph("Before your first day", "Heading2"));
    body.Append(Paragraph("Your manager sends you a welcome email one week before you start. IT prepares your laptop and accounts."));
    body.Append(Paragraph("Your first week", "Heading2"));
    body.Append(Paragraph("Every new employee is paired with an onboarding buddy from another team for the first three months."));
    body.Append(Table(
        ["Week", "Task", "Owner"],
        [
            ["Week 1", "Security training and laptop setup", "IT service desk"],
            ["Week 1", "Meet your onboarding buddy", "Manager"],
            ["Week 2", "Product overview sessions", "Product team"],
            ["Week 4", "First feedback conversation", "Manager"],
        ]));
    body.Append(Paragraph("Probation", "Heading2"));
    body.Append(Paragraph("The probation period lasts three months and ends with a review meeting with your manager."));
}

static Paragraph Paragraph(string text, string? style = null)
{
    var paragraph = new Paragraph(new Run(new Text(text)));
    if (style is not null)
    {
        paragraph.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = style }));
    }

    return paragraph;
}

static Table Table(string[] header, string[][] rows)
{
    var table = new Table(new TableProperties(new TableBorders(new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 })));
    foreach (string[] cells in new[] { header }.Concat(rows))
    {
        table.Append(new TableRow(cells.Select(c => new TableCell(new Paragraph(new Run(new Text(c)))))));
    }

    return table;
}

static void AddStyles(MainDocumentPart main)
{
    StyleDefinitionsPart part = main.AddNewPart<StyleDefinitionsPart>();
    part.Styles = new Styles(
        HeadingStyle("Heading1", "heading 1", 0),
        HeadingStyle("Heading2", "heading 2", 1));
}

static Style HeadingStyle(string id, string name, int level) =>
    new(new StyleName { Val = name }, new StyleParagraphProperties(new OutlineLevel { Val = level }))
    {
        Type = StyleValues.Paragraph,
        StyleId = id,
    };
