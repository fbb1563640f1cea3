// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace Rag;

/// <summary>
/// Reads a retrieved passage into sentences for extractive answers: re-flowed paragraphs split into sentences, with
/// headings, contents lines and code kept (so neighbours stay in order) but marked as not body text.
/// </summary>
internal static class PassageSentences
{
    /// <summary>Reads a passage's sentences, in order.</summary>
    /// <param name="source">The passage.</param>
    /// <returns>Its sentences; the text is sanitised, because quoted sentences may reach a model later.</returns>
    public static List<PassageSentence> Read(Source source) => Read(source.Text, source.HeadingPath, source.Title);

    /// <summary>Reads a passage's sentences, in order.</summary>
    /// <param name="text">The passage text.</param>
    /// <param name="headingPath">The headings enclosing the passage: a sentence that repeats one is not body text.</param>
    /// <param name="title">The document title, when known: a sentence that repeats it is not body text.</param>
    /// <returns>Its sentences; the text is sanitised, because quoted sentences may reach a model later.</returns>
    public static List<PassageSentence> Read(string text, IReadOnlyList<string> headingPath, string? title)
    {
        var headings = new HashSet<string>(headingPath.Select(h => h.Trim()), StringComparer.OrdinalIgnoreCase);
        if (title is { Length: > 0 })
        {
            headings.Add(title.Trim());
        }

        var sentences = new List<PassageSentence>();
        List<TextParagraph> paragraphs = TextReflow.Paragraphs(PromptSanitizer.SanitizeDocument(text));
        for (int p = 0; p < paragraphs.Count; p++)
        {
            TextParagraph paragraph = paragraphs[p];
            bool body = paragraph.Kind is TextParagraphKind.Prose or TextParagraphKind.ListItem or TextParagraphKind.Definition or TextParagraphKind.TableRow;
            IEnumerable<string> parts = paragraph.Kind is TextParagraphKind.TableRow or TextParagraphKind.Contents or TextParagraphKind.Code or TextParagraphKind.Heading
                ? [paragraph.Text]
                : SentenceSplitter.Split(paragraph.Text);
            foreach (string sentence in parts)
            {
                sentences.Add(new PassageSentence(sentence, p, paragraph.Kind, paragraph.Term, body && !headings.Contains(sentence.TrimEnd('.', ':'))));
            }
        }

        return sentences;
    }

    /// <summary>
    /// Gets whether a passage holds body text worth quoting: not a contents or index page (more dot-leader lines than body
    /// sentences) and not only headings.
    /// </summary>
    /// <param name="sentences">The passage's sentences.</param>
    /// <returns><see langword="true"/> when it has body sentences and they outnumber its contents lines.</returns>
    public static bool HasBodyText(IReadOnlyList<PassageSentence> sentences)
    {
        int body = sentences.Count(s => s.IsBody);
        return body > sentences.Count(s => s.Kind == TextParagraphKind.Contents);
    }
}
