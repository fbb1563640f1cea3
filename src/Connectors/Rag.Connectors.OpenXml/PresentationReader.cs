// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using A = DocumentFormat.OpenXml.Drawing;

namespace Rag.Connectors.OpenXml;

/// <summary>
/// Reads PowerPoint decks with DocumentFormat.OpenXml: slides in presentation order, each slide's title placeholder as a
/// heading, its other text paragraphs as paragraphs, and its speaker notes under a "Speaker notes" heading; every block
/// keeps the slide number as its page number.
/// </summary>
/// <remarks>Stateless and thread-safe; every part is checked by <see cref="XmlPartShapeLimits"/> before it is loaded, as for .docx.</remarks>
internal sealed class PresentationReader : IDocumentReader
{
    /// <summary>The heading under which a slide's speaker notes are kept.</summary>
    internal const string NotesHeading = "Speaker notes";

    public IReadOnlyCollection<string> Extensions { get; } = [".pptx", ".pptm"];

    public Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        OpenXmlPackageReading.ReadAsync(content, fileName, "PowerPoint presentation (.pptx)", buffer => Read(buffer, fileName, cancellationToken), cancellationToken);

    private static ExtractedDocument Read(Stream buffer, string fileName, CancellationToken cancellationToken)
    {
        using PresentationDocument deck = PresentationDocument.Open(buffer, isEditable: false, OpenXmlPackageReading.Settings);
        PresentationPart presentationPart = deck.PresentationPart ?? throw new InvalidDataException($"'{fileName}' has no presentation part.");
        XmlPartShapeLimits.Check(presentationPart, fileName, cancellationToken);
        var blocks = new List<DocumentBlock>();
        string? firstTitle = null;
        int slideNumber = 0;
        foreach (SlideId slideId in presentationPart.Presentation?.SlideIdList?.Elements<SlideId>() ?? [])
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (slideId.RelationshipId?.Value is not { } relationshipId || presentationPart.GetPartById(relationshipId) is not SlidePart slidePart)
            {
                continue;
            }

            slideNumber++;
            XmlPartShapeLimits.Check(slidePart, fileName, cancellationToken);
            string? title = AddSlide(blocks, slidePart, slideNumber, fileName, cancellationToken);
            firstTitle ??= title;
        }

        string? packageTitle = deck.PackageProperties.Title is { } t && !string.IsNullOrWhiteSpace(t) ? t.Trim() : null;
        return new ExtractedDocument { Title = packageTitle ?? firstTitle ?? Path.GetFileNameWithoutExtension(fileName), Blocks = blocks };
    }

    private static string? AddSlide(List<DocumentBlock> blocks, SlidePart slidePart, int slideNumber, string fileName, CancellationToken cancellationToken)
    {
        List<Shape> shapes = [.. slidePart.Slide?.Descendants<Shape>() ?? []];
        Shape? titleShape = shapes.FirstOrDefault(IsTitle);
        string? title = titleShape is null ? null : Paragraphs(titleShape).FirstOrDefault();
        IReadOnlyList<string> headingPath = title is null ? [] : [title];
        if (title is not null)
        {
            blocks.Add(new DocumentBlock { Text = title, Kind = DocumentBlockKind.Heading, HeadingPath = headingPath, PageNumber = slideNumber });
        }

        foreach (Shape shape in shapes.Where(s => !ReferenceEquals(s, titleShape)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (string paragraph in Paragraphs(shape))
            {
                blocks.Add(new DocumentBlock { Text = paragraph, Kind = DocumentBlockKind.Paragraph, HeadingPath = headingPath, PageNumber = slideNumber });
            }
        }

        if (slidePart.NotesSlidePart is { } notesPart)
        {
            XmlPartShapeLimits.Check(notesPart, fileName, cancellationToken);
            List<string> notes = [.. (notesPart.NotesSlide?.Descendants<Shape>() ?? []).Where(IsNotesBody).SelectMany(Paragraphs)];
            if (notes.Count > 0)
            {
                IReadOnlyList<string> notesPath = [.. headingPath, NotesHeading];
                blocks.AddRange(notes.Select(n => new DocumentBlock { Text = n, Kind = DocumentBlockKind.Paragraph, HeadingPath = notesPath, PageNumber = slideNumber }));
            }
        }

        return title;
    }

    private static PlaceholderValues? PlaceholderType(Shape shape) =>
        shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape is { } placeholder
            ? placeholder.Type?.Value ?? PlaceholderValues.Body
            : null;

    private static bool IsTitle(Shape shape) => PlaceholderType(shape) is { } type && (type == PlaceholderValues.Title || type == PlaceholderValues.CenteredTitle);

    /// <summary>Whether a shape on a notes page holds the notes text (not the slide image, number, header or footer).</summary>
    private static bool IsNotesBody(Shape shape) => PlaceholderType(shape) is { } type && type == PlaceholderValues.Body;

    private static IEnumerable<string> Paragraphs(Shape shape) =>
        (shape.TextBody?.Elements<A.Paragraph>() ?? [])
            .Select(p => string.Concat(p.Elements().Select(e => e switch { A.Run run => run.Text?.Text, A.Break => "\n", A.Field field => field.Text?.Text, _ => null })).Trim())
            .Where(text => text.Length > 0);
}
