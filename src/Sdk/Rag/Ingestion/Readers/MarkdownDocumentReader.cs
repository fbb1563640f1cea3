// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Rag.Ingestion.Readers;

/// <summary>
/// Reads Markdown with Markdig: headings build the heading path; paragraphs, list items, code and table rows become blocks with line
/// ranges. Text nested past Markdig's depth limit is read as plain text; see <see cref="LinkOpenerLimitExtension"/> for link syntax.
/// </summary>
internal sealed class MarkdownDocumentReader : IDocumentReader
{
    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseGridTables().UseYamlFrontMatter().Use<LinkOpenerLimitExtension>().Build();

    public IReadOnlyCollection<string> Extensions { get; } = [".md", ".markdown", ".mdx"];

    public async Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        DecodedText decoded = await TextDecoder.ReadAllTextAsync(content, fileName, cancellationToken);
        string text = decoded.Text;
        if (MarkdownShapeCheck.PlainTextReason(text, fileName) is { } reason)
        {
            // Hundreds of nested lists or quotes, or tens of thousands of setext headings or link definitions: Markdig's parse grows
            // far faster than the file (a 1 MB list nested 1,000 deep took 90 s, 100,000 definitions 64 s) in one call that cannot be
            // cancelled, and no document is shaped like that; its text is kept, and the warning says why it has no Markdown structure.
            return AsPlainText(text, fileName, decoded, reason);
        }

        MarkdownDocument markdown;
        try
        {
            markdown = Markdown.Parse(text, s_pipeline);
        }
        catch (ArgumentException ex) when (ex.Message.Contains("too deeply nested", StringComparison.Ordinal))
        {
            // Markdig's own nesting limit (thousands of '>' or '*'): not a document's structure, so its text is kept as plain text.
            return AsPlainText(text, fileName, decoded, null);
        }

        var walker = new Walker(text, fileName, cancellationToken);
        walker.Visit(markdown);
        return new ExtractedDocument
        {
            Title = walker.FirstHeading ?? Path.GetFileNameWithoutExtension(fileName),
            Blocks = walker.Blocks,
            Warnings = decoded.Warnings,
        };
    }

    private static ExtractedDocument AsPlainText(string text, string fileName, DecodedText decoded, string? reason) => new()
    {
        Title = Path.GetFileNameWithoutExtension(fileName),
        Blocks = LineBlocks.Split(text, DocumentBlockKind.Paragraph),
        Warnings = reason is null ? decoded.Warnings : [.. decoded.Warnings, reason],
    };

    private sealed class Walker(string source, string fileName, CancellationToken cancellationToken)
    {
        private readonly List<(int Level, string Text)> _headings = [];
        private readonly int[] _lineStarts = LineStarts(source);

        public List<DocumentBlock> Blocks { get; } = [];

        public string? FirstHeading { get; private set; }

        public void Visit(ContainerBlock container)
        {
            foreach (Block block in container)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (block)
                {
                    case HeadingBlock heading:
                        string title = LeafText(heading).Trim();
                        if (title.Length == 0)
                        {
                            break;
                        }

                        FirstHeading ??= title;
                        _headings.RemoveAll(h => h.Level >= heading.Level);
                        _headings.Add((heading.Level, title));
                        Add(title, DocumentBlockKind.Heading, block);
                        break;
                    case Markdig.Extensions.Yaml.YamlFrontMatterBlock:
                        break;
                    case HtmlBlock html:
                        Add(HtmlText(html.Lines.ToString(), fileName, cancellationToken), DocumentBlockKind.Paragraph, block);
                        break;
                    case CodeBlock code:
                        Add(code.Lines.ToString(), DocumentBlockKind.Code, block);
                        break;
                    case ParagraphBlock paragraph:
                        Add(LeafText(paragraph), DocumentBlockKind.Paragraph, block);
                        break;
                    case Table table:
                        VisitTable(table);
                        break;
                    case ListItemBlock item:
                        VisitListItem(item);
                        break;
                    case ContainerBlock inner:
                        Visit(inner);
                        break;
                    case LeafBlock leaf when leaf.Inline is not null:
                        Add(InlineText(leaf.Inline), DocumentBlockKind.Paragraph, block);
                        break;
                    default:
                        break;
                }
            }
        }

        private void VisitListItem(ListItemBlock item)
        {
            var text = new StringBuilder();
            foreach (Block child in item)
            {
                if (child is ParagraphBlock paragraph)
                {
                    if (text.Length > 0)
                    {
                        text.Append('\n');
                    }

                    text.Append(LeafText(paragraph));
                }
            }

            if (text.Length > 0)
            {
                Add(text.ToString(), DocumentBlockKind.ListItem, item);
            }

            foreach (Block child in item)
            {
                if (child is not ParagraphBlock and ContainerBlock nested)
                {
                    Visit(nested);
                }
            }
        }

        private void VisitTable(Table table)
        {
            string[]? header = null;
            foreach (Block rowBlock in table)
            {
                if (rowBlock is not TableRow row)
                {
                    continue;
                }

                string[] cells = [.. row.OfType<TableCell>().Select(CellText)];
                if (row.IsHeader && header is null)
                {
                    header = cells;
                    continue;
                }

                Add(TableText.Row(header, cells), DocumentBlockKind.TableRow, row);
            }
        }

        private string CellText(TableCell cell) =>
            string.Join(" ", cell.OfType<ParagraphBlock>().Select(LeafText)).Trim();

        private void Add(string text, DocumentBlockKind kind, Block block)
        {
            text = kind == DocumentBlockKind.Code ? text.TrimEnd() : text.Trim();
            if (text.Length == 0)
            {
                return;
            }

            int startLine = block.Line + 1;
            int endLine = block.Span.End >= block.Span.Start && block.Span.End >= 0 ? LineOf(block.Span.End) : startLine;
            Blocks.Add(new DocumentBlock
            {
                Text = text,
                Kind = kind,
                HeadingPath = [.. _headings.Select(h => h.Text)],
                StartLine = startLine,
                EndLine = Math.Max(startLine, endLine),
            });
        }

        private int LineOf(int offset)
        {
            int index = Array.BinarySearch(_lineStarts, Math.Min(offset, source.Length));
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        private static int[] LineStarts(string text)
        {
            var starts = new List<int> { 0 };
            for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
            {
                starts.Add(i + 1);
            }

            return [.. starts];
        }

        private static readonly HashSet<string> s_blockTags = new(StringComparer.OrdinalIgnoreCase)
        {
            "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "footer",
            "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "summary", "table", "td", "th",
            "tr", "ul",
        };

        /// <summary>
        /// The text of an HTML block, tags stripped: line breaks and block elements end a line, scripts and styles are dropped. Its
        /// shape is checked first, as the HTML reader's is (100,000 nested divs in one block kept AngleSharp busy past 100 s).
        /// </summary>
        private static string HtmlText(string html, string fileName, CancellationToken cancellationToken)
        {
            HtmlShapeCheck.Check(html, fileName, cancellationToken);
            IDocument document = new HtmlParser().ParseDocument(html);
            foreach (IElement element in document.QuerySelectorAll("script, style, template").ToList())
            {
                element.Remove();
            }

            foreach (IElement element in document.QuerySelectorAll("*").ToList())
            {
                if (element.LocalName == "br")
                {
                    element.Replace(document.CreateTextNode("\n"));
                }
                else if (s_blockTags.Contains(element.LocalName))
                {
                    element.After(document.CreateTextNode("\n"));
                }
            }

            IEnumerable<string> lines = (document.Body?.TextContent ?? string.Empty)
                .Split('\n')
                .Select(line => string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
                .Where(line => line.Length > 0);
            return string.Join('\n', lines);
        }

        private static bool IsLineBreakTag(string tag) =>
            tag.StartsWith("<br", StringComparison.OrdinalIgnoreCase) && (tag.Length == 3 || tag[3] is '>' or '/' or ' ');

        /// <summary>The text of a paragraph or heading: its inlines, or its source lines when <see cref="LinkOpenerLimitExtension"/> kept it from inline parsing.</summary>
        private static string LeafText(LeafBlock leaf) => leaf.Inline is null ? leaf.Lines.ToString() : InlineText(leaf.Inline);

        private static string InlineText(ContainerInline? container)
        {
            if (container is null)
            {
                return string.Empty;
            }

            var builder = new StringBuilder();
            Append(container, builder);
            return builder.ToString();
        }

        private static void Append(Inline inline, StringBuilder builder)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    builder.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    builder.Append(code.Content);
                    break;
                case LineBreakInline lineBreak:
                    builder.Append(lineBreak.IsHard ? '\n' : ' ');
                    break;
                case AutolinkInline autolink:
                    builder.Append(autolink.Url);
                    break;
                case HtmlEntityInline entity:
                    builder.Append(entity.Transcoded.AsSpan());
                    break;
                case HtmlInline html when IsLineBreakTag(html.Tag):
                    builder.Append('\n');
                    break;
                case DelimiterInline delimiter:
                    // An unmatched opener such as the "[" of "a[i]": Markdig keeps it as a delimiter, whose literal is the text.
                    builder.Append(delimiter.ToLiteral());
                    foreach (Inline child in delimiter)
                    {
                        Append(child, builder);
                    }

                    break;
                case ContainerInline container:
                    foreach (Inline child in container)
                    {
                        Append(child, builder);
                    }

                    break;
                default:
                    break;
            }
        }
    }
}
