// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Rag.Ingestion.Readers;

/// <summary>
/// Reads HTML with AngleSharp: drops scripts, styles and page chrome (navigation, including generated manuals' navigation
/// panels, header, footer, asides); keeps headings, paragraphs, list items, code and table rows. A definition list's terms
/// (<c>&lt;dt&gt;</c>) are kept in one block with the first text of their description (<c>&lt;dd&gt;</c>), as
/// "term — description", so a chunk boundary never separates an option from what it does.
/// </summary>
internal sealed class HtmlDocumentReader : IDocumentReader
{
    // Page chrome, including the Prev/Up/Next panels that DocBook (div.navheader, div.navfooter) and Texinfo (div.header,
    // div.nav-panel) generate on every page of a manual instead of <nav>.
    private const string RemovedSelector = "script,style,noscript,template,nav,header,footer,aside,iframe,svg,form,button,div.navheader,div.navfooter,div.header,div.nav-panel";

    public IReadOnlyCollection<string> Extensions { get; } = [".html", ".htm", ".xhtml"];

    public async Task<ExtractedDocument> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        DecodedText decoded = await TextDecoder.ReadAllTextAsync(content, fileName, cancellationToken);
        string html = decoded.Text;
        HtmlShapeCheck.Check(html, fileName, cancellationToken);
        var parser = new HtmlParser();
        using AngleSharp.Html.Dom.IHtmlDocument document = await parser.ParseDocumentAsync(html, cancellationToken);
        foreach (IElement removed in document.QuerySelectorAll(RemovedSelector).ToList())
        {
            removed.Remove();
        }

        var walker = new Walker(cancellationToken);
        if (document.Body is { } body)
        {
            walker.Visit(body);
            walker.Flush();
        }

        string? title = document.Title is { Length: > 0 } t ? Normalize(t) : null;
        return new ExtractedDocument
        {
            Title = title ?? walker.FirstHeading ?? Path.GetFileNameWithoutExtension(fileName),
            Blocks = walker.Blocks,
            Warnings = decoded.Warnings,
        };
    }

    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                TrimEndSpaces(builder);
                builder.Append('\n');
                space = false;
            }
            else if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0 && builder[^1] != '\n';
            }
            else
            {
                if (space)
                {
                    builder.Append(' ');
                    space = false;
                }

                builder.Append(c);
            }
        }

        return builder.ToString().Trim();

        static void TrimEndSpaces(StringBuilder b)
        {
            while (b.Length > 0 && b[^1] == ' ')
            {
                b.Length--;
            }
        }
    }

    private sealed class Walker(CancellationToken cancellationToken)
    {
        private readonly List<(int Level, string Text)> _headings = [];
        private readonly StringBuilder _inline = new();
        private string? _term;

        public List<DocumentBlock> Blocks { get; } = [];

        public string? FirstHeading { get; private set; }

        public void Visit(INode node)
        {
            foreach (INode child in node.ChildNodes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (child is IText text)
                {
                    _inline.Append(text.Data.Replace('\n', ' '));
                    continue;
                }

                if (child is not IElement element)
                {
                    continue;
                }

                string tag = element.LocalName;
                switch (tag)
                {
                    case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                        Flush();
                        string heading = Normalize(element.TextContent);
                        if (heading.Length > 0)
                        {
                            int level = tag[1] - '0';
                            FirstHeading ??= heading;
                            _headings.RemoveAll(h => h.Level >= level);
                            _headings.Add((level, heading));
                            Add(heading, DocumentBlockKind.Heading);
                        }

                        break;
                    case "br":
                        _inline.Append('\n');
                        break;
                    case "pre":
                        Flush();
                        Add(element.TextContent.TrimEnd(), DocumentBlockKind.Code);
                        break;
                    case "table":
                        Flush();
                        VisitTable(element);
                        break;
                    case "dt":
                        VisitTerm(element);
                        break;
                    case "dd":
                        VisitDescription(element);
                        break;
                    case "li":
                        Flush();
                        VisitInlineOnly(element, DocumentBlockKind.ListItem);
                        break;
                    case "p" or "blockquote" or "div" or "section" or "article" or "main" or "ul" or "ol" or "dl" or "figure" or "figcaption"
                        or "details" or "summary" or "address" or "center" or "body":
                        Flush();
                        Visit(element);
                        Flush();
                        break;
                    default:
                        Visit(element);
                        break;
                }
            }
        }

        public void Flush()
        {
            if (_inline.Length > 0)
            {
                Add(Normalize(_inline.ToString()), DocumentBlockKind.Paragraph);
                _inline.Clear();
            }

            if (_term is not null)
            {
                // A term without a description stands alone.
                string term = _term;
                _term = null;
                Add(term, DocumentBlockKind.ListItem);
            }
        }

        // A term waits for its description; consecutive terms of one description are joined ("-h, --help").
        private void VisitTerm(IElement element)
        {
            string? earlier = _term;
            _term = null;
            Flush();
            Visit(element);
            string term = Normalize(_inline.ToString());
            _inline.Clear();
            _term = earlier is null ? (term.Length > 0 ? term : null) : term.Length > 0 ? string.Concat(earlier, ", ", term) : earlier;
        }

        // The description's first block (its own text, or its first paragraph) starts with the pending term.
        private void VisitDescription(IElement element)
        {
            string? term = _term;
            _term = null;
            Flush();
            int before = Blocks.Count;
            VisitInlineOnly(element, DocumentBlockKind.ListItem);
            if (term is null)
            {
                return;
            }

            int first = Blocks.FindIndex(before, b => b.Kind != DocumentBlockKind.Heading);
            if (first < 0)
            {
                Add(term, DocumentBlockKind.ListItem);
                return;
            }

            DocumentBlock described = Blocks[first];
            Blocks[first] = new DocumentBlock
            {
                Text = string.Concat(term, " — ", described.Text),
                Kind = described.Kind == DocumentBlockKind.Code ? DocumentBlockKind.Code : DocumentBlockKind.ListItem,
                HeadingPath = described.HeadingPath,
            };
        }

        private void VisitInlineOnly(IElement element, DocumentBlockKind kind)
        {
            // A list item's own text becomes one block; nested lists and tables become their own blocks.
            int before = Blocks.Count;
            Visit(element);
            if (_inline.Length > 0)
            {
                var block = new DocumentBlock { Text = Normalize(_inline.ToString()), Kind = kind, HeadingPath = [.. _headings.Select(h => h.Text)] };
                _inline.Clear();
                if (block.Text.Length > 0)
                {
                    Blocks.Insert(before, block);
                }
            }
        }

        private void VisitTable(IElement table)
        {
            string[]? header = null;
            foreach (IElement row in table.QuerySelectorAll("tr"))
            {
                IElement[] cells = [.. row.Children.Where(c => c.LocalName is "td" or "th")];
                string[] values = [.. cells.Select(c => Normalize(c.TextContent))];
                if (header is null && cells.Length > 0 && cells.All(c => c.LocalName == "th"))
                {
                    header = values;
                    continue;
                }

                Add(TableText.Row(header, values), DocumentBlockKind.TableRow);
            }
        }

        private void Add(string text, DocumentBlockKind kind)
        {
            if (text.Length == 0)
            {
                return;
            }

            Blocks.Add(new DocumentBlock { Text = text, Kind = kind, HeadingPath = [.. _headings.Select(h => h.Text)] });
        }
    }
}
