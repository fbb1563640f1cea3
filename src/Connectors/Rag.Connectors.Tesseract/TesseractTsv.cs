// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Rag.Connectors.Tesseract;

/// <summary>
/// Reads Tesseract's TSV output (<c>level page_num block_num par_num line_num word_num left top width height conf text</c>)
/// into pages of paragraphs: the words of a paragraph are joined line by line, a word hyphenated at a line end is joined
/// back ("recog-" + "nised"), and the page's confidence is the mean word confidence weighted by word length.
/// </summary>
internal static class TesseractTsv
{
    private const int WordLevel = 5;
    private const int Columns = 12;

    public static List<OcrPage> Parse(string tsv)
    {
        var pages = new SortedDictionary<int, PageBuilder>();
        foreach (string row in tsv.Split('\n').Skip(1))
        {
            string[] cells = row.TrimEnd('\r').Split('\t');
            if (cells.Length < Columns || !int.TryParse(cells[0], CultureInfo.InvariantCulture, out int level))
            {
                continue;
            }

            int page = int.Parse(cells[1], CultureInfo.InvariantCulture);
            if (!pages.TryGetValue(page, out PageBuilder? builder))
            {
                pages[page] = builder = new PageBuilder(page);
            }

            string text = cells[11].Trim();
            if (level == WordLevel && text.Length > 0)
            {
                double confidence = Math.Clamp(double.Parse(cells[10], CultureInfo.InvariantCulture), 0, 100) / 100;
                builder.Add((int.Parse(cells[2], CultureInfo.InvariantCulture), int.Parse(cells[3], CultureInfo.InvariantCulture)), int.Parse(cells[4], CultureInfo.InvariantCulture), text, confidence);
            }
        }

        return [.. pages.Values.Select(p => p.Build())];
    }

    private sealed class PageBuilder(int number)
    {
        private readonly List<((int Block, int Paragraph) Key, List<(int Line, string Word)> Words)> _paragraphs = [];
        private double _weightedConfidence;
        private int _letters;

        public void Add((int Block, int Paragraph) key, int line, string word, double confidence)
        {
            if (_paragraphs.Count == 0 || _paragraphs[^1].Key != key)
            {
                _paragraphs.Add((key, []));
            }

            _paragraphs[^1].Words.Add((line, word));
            _weightedConfidence += confidence * word.Length;
            _letters += word.Length;
        }

        public OcrPage Build() => new()
        {
            PageNumber = number,
            Paragraphs = [.. _paragraphs.Select(p => Join(p.Words))],
            Confidence = _letters == 0 ? 0 : Math.Round(_weightedConfidence / _letters, 4),
        };

        private static string Join(List<(int Line, string Word)> words)
        {
            var text = new StringBuilder();
            for (int i = 0; i < words.Count; i++)
            {
                bool newLine = i > 0 && words[i].Line != words[i - 1].Line;
                if (newLine && text.Length > 1 && text[^1] == '-' && char.IsLetter(text[^2]) && char.IsLower(words[i].Word[0]))
                {
                    text.Length--;
                }
                else if (i > 0)
                {
                    text.Append(' ');
                }

                text.Append(words[i].Word);
            }

            return text.ToString();
        }
    }
}
