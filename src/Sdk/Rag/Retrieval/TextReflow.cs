// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Rag;

/// <summary>
/// Re-flows hard-wrapped text (plain-text files, man pages, PDF lines) into paragraphs. A blank line, a list item, a
/// heading, a table row, a contents line, an option term or a short label line ends a paragraph; a single line break
/// inside a paragraph does not. A line broken after a hyphen is joined back, without the hyphen when the joined word
/// occurs elsewhere in the text.
/// </summary>
internal static partial class TextReflow
{
    private const int MaxLabelWords = 8;
    private const double ShortLineRatio = 0.6;

    /// <summary>Splits text into re-flowed paragraphs, in order.</summary>
    /// <param name="text">The text, with line breaks.</param>
    /// <returns>The paragraphs; each one's text is on one line.</returns>
    public static List<TextParagraph> Paragraphs(string text)
    {
        var builder = new ParagraphBuilder(text);
        bool inFence = false;
        foreach (List<string> block in Blocks(text))
        {
            int longest = block.Max(l => l.Trim().Length);
            foreach (string rawLine in block)
            {
                string line = rawLine.Trim();
                if (line.StartsWith("```", StringComparison.Ordinal) || line.StartsWith("~~~", StringComparison.Ordinal))
                {
                    inFence = !inFence;
                    builder.Single(line, TextParagraphKind.Code);
                }
                else if (inFence || CodeLineRegex().IsMatch(line))
                {
                    builder.Single(line, TextParagraphKind.Code);
                }
                else if (TableRuleRegex().IsMatch(line))
                {
                    builder.Close();
                }
                else if (TableRowRegex().IsMatch(line))
                {
                    builder.Single(line.Trim('|').Replace(" | ", "; ", StringComparison.Ordinal).Trim(), TextParagraphKind.TableRow);
                }
                else if (MarkdownHeadingRegex().IsMatch(line))
                {
                    builder.Single(line.TrimStart('#').Trim(), TextParagraphKind.Heading);
                }
                else if (ContentsLineRegex().IsMatch(line))
                {
                    builder.Single(line, TextParagraphKind.Contents);
                }
                else if (ListMarkerRegex().Match(line) is { Success: true } marker)
                {
                    builder.Start(line[marker.Length..], TextParagraphKind.ListItem, Indent(rawLine));
                }
                else if (OptionTermRegex().Match(line) is { Success: true } option)
                {
                    builder.StartDefinition(option.Groups["term"].Value, option.Groups["description"].Value, Indent(rawLine));
                }
                else
                {
                    builder.Continue(line, Indent(rawLine), line.Length < ShortLineRatio * longest);
                }
            }

            builder.Close();
        }

        return builder.Paragraphs;
    }

    /// <summary>Gets whether a line of text ends a sentence (a terminal mark, possibly followed by closing quotes or brackets).</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when the text ends with '.', '!', '?', '…' or ':' (before closing marks).</returns>
    public static bool EndsWithTerminal(string text) => TerminalEndRegex().IsMatch(text);

    private static IEnumerable<List<string>> Blocks(string text)
    {
        var block = new List<string>();
        foreach (string line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (block.Count > 0)
                {
                    yield return block;
                    block = [];
                }
            }
            else
            {
                block.Add(line);
            }
        }

        if (block.Count > 0)
        {
            yield return block;
        }
    }

    private static int Indent(string line)
    {
        int i = 0;
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsLabel(string text) =>
        text.Length > 0 && !EndsWithTerminal(text) && !text.EndsWith(',')
        && !TextAnalysis.EndsWithFunctionWord(text) && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxLabelWords;

    // A shell prompt, a C preprocessor line, a lone brace, a call or an assignment ending with ";" or "{".
    [GeneratedRegex(@"^(?:[$>]\s|#(?:include|define|if|ifdef|ifndef|endif|pragma)\b|[{}]$|.*\w\(.*\)\s*[;{]$|.*\s=\s.*;$)")]
    private static partial Regex CodeLineRegex();

    // "## Title", not "#include" or "#define".
    [GeneratedRegex(@"^#{1,6}(?:\s|$)")]
    private static partial Regex MarkdownHeadingRegex();

    [GeneratedRegex(@"^\|?\s*:?-{3,}")]
    private static partial Regex TableRuleRegex();

    // "| Name | Value |" or "| a | b": a pipe, a cell, and another pipe; not text that starts with an operator ("|| operator").
    [GeneratedRegex(@"^\|(?!\|).*(?:\|\s*$|\s\|\s)")]
    private static partial Regex TableRowRegex();

    [GeneratedRegex(@"(?:\.\s?){4,}\s*(?:\d+|[ivxlc]+)$|\s\.{2,}\s+(?:\d+|[ivxlc]+)$")]
    private static partial Regex ContentsLineRegex();

    [GeneratedRegex(@"^(?:[-*+•‣◦▪–]|\d{1,3}[.)]|[a-z][.)]|\(\w{1,3}\))\s+")]
    private static partial Regex ListMarkerRegex();

    // "-b, --benchmark", "--help", "-o FILE, --output=FILE": option terms, with a description after two or more spaces.
    [GeneratedRegex(@"^(?<term>--?[A-Za-z0-9][\w\-=\[\]<>]*(?:,?\s(?!\s)--?[A-Za-z0-9][\w\-=\[\]<>]*|\s(?!\s)[A-Z_<\[][\w\]>]*)*)(?:\s{2,}(?<description>.+))?$")]
    private static partial Regex OptionTermRegex();

    [GeneratedRegex(@"[.!?…:][""'”’»)\]]*$")]
    private static partial Regex TerminalEndRegex();

    [GeneratedRegex(@"[\p{L}]+$")]
    private static partial Regex TrailingWordRegex();

    [GeneratedRegex(@"^[\p{L}]+")]
    private static partial Regex LeadingWordRegex();

    [GeneratedRegex(@"[\p{L}]+(?:[-‐][\p{L}]+)*")]
    private static partial Regex VocabularyWordRegex();

    /// <summary>Accumulates lines into the paragraph being built.</summary>
    private sealed class ParagraphBuilder(string text)
    {
        private readonly StringBuilder _text = new();
        private HashSet<string>? _vocabulary;
        private TextParagraphKind _kind;
        private string? _term;
        private int _lines;
        private int _indent;
        private bool _lastShort;

        public List<TextParagraph> Paragraphs { get; } = [];

        public void Single(string line, TextParagraphKind kind)
        {
            Close();
            if (line.Length > 0)
            {
                Paragraphs.Add(new TextParagraph(line, kind));
            }
        }

        public void Start(string line, TextParagraphKind kind, int indent)
        {
            Close();
            _kind = kind;
            _text.Append(line);
            _lines = 1;
            _indent = indent;
            _lastShort = false;
        }

        public void StartDefinition(string term, string description, int indent)
        {
            Start(term, TextParagraphKind.Definition, indent);
            _term = term;
            if (description.Length > 0)
            {
                _text.Append(" — ").Append(description.Trim());
            }
        }

        public void Continue(string line, int indent, bool isShort)
        {
            if (_lines == 0)
            {
                Start(line, TextParagraphKind.Prose, indent);
                _lastShort = isShort;
                return;
            }

            string current = _text.ToString();
            if (_kind == TextParagraphKind.Definition && _term is not null && current.Length == _term.Length)
            {
                // The description of an option term, on the next (usually indented) line.
                _text.Append(" — ").Append(line);
            }
            else if (_kind == TextParagraphKind.Definition && _lines == 1 && indent <= _indent)
            {
                // A two-column row ("-b, --benchmark    perform …") is complete unless the next line is indented under it.
                Start(line, TextParagraphKind.Prose, indent);
                _lastShort = isShort;
                return;
            }
            else if (_lines == 1 && _kind == TextParagraphKind.Prose && _lastShort && IsLabel(current) && char.IsUpper(line[0]))
            {
                if (indent > _indent)
                {
                    // A short term with its description indented below it ("work_mem (integer)" / "    Sets the …").
                    _kind = TextParagraphKind.Definition;
                    _term = current;
                    _text.Append(" — ").Append(line);
                }
                else
                {
                    // A label or heading line on its own, then a new paragraph.
                    Start(line, TextParagraphKind.Prose, indent);
                    _lastShort = isShort;
                    return;
                }
            }
            else
            {
                Join(current, line);
            }

            _lines++;
            _lastShort = isShort;
        }

        public void Close()
        {
            if (_lines > 0)
            {
                string paragraph = _text.ToString().Trim();
                TextParagraphKind kind = _kind;
                if (_kind == TextParagraphKind.Prose && _lines == 1 && IsLabel(paragraph))
                {
                    // A short line after "…are:" or after such an item is an item whose marker the reader removed, not a heading.
                    bool inList = Paragraphs.Count > 0 && (Paragraphs[^1].Kind == TextParagraphKind.ListItem || Paragraphs[^1].Text.EndsWith(':'));
                    kind = inList ? TextParagraphKind.ListItem : TextParagraphKind.Heading;
                }

                if (paragraph.Length > 0)
                {
                    Paragraphs.Add(new TextParagraph(paragraph, kind, _term));
                }
            }

            _text.Clear();
            _lines = 0;
            _term = null;
            _kind = TextParagraphKind.Prose;
        }

        private void Join(string current, string line)
        {
            char last = current[^1];
            if (last == '\u00AD')
            {
                _text.Length--;
                _text.Append(line);
                return;
            }

            if (last is '-' or '‐' && current.Length > 1 && char.IsLetter(current[^2]) && char.IsLower(line[0]))
            {
                string before = TrailingWordRegex().Match(current[..^1]).Value;
                string after = LeadingWordRegex().Match(line).Value;
                if ((_vocabulary ??= Vocabulary(text)).Contains((before + after).ToLowerInvariant()))
                {
                    _text.Length--;
                }

                _text.Append(line);
                return;
            }

            _text.Append(' ').Append(line);
        }

        private static HashSet<string> Vocabulary(string text) =>
            VocabularyWordRegex().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
    }
}
