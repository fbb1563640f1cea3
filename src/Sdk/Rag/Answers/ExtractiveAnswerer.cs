// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Rag;

/// <summary>
/// Answers without a chat model: picks the one to three sentences of the top passages most similar to the question
/// (embedding similarity to the search query blended with coverage of the question's content terms, a bonus for the kind
/// of fact the question asks for (a number for "how many", a denial for "what was missing", a name for "which option"), a
/// penalty for sentences that only repeat the question), each followed by its citation.
/// A sentence that stops short (on "is", a preposition, a colon, without terminal punctuation) is extended with the
/// sentences that follow it; contents pages, headings and heading-only passages are never quoted.
/// </summary>
internal static partial class ExtractiveAnswerer
{
    private const int MaxCandidates = 64;
    private const int MaxExtension = 2;
    private const double EmbeddingWeight = 0.6;
    private const double CoverageWeight = 0.4;
    private const double NameWeight = 0.08;
    private const double CueMargin = 0.7;
    private const double RestatementPenalty = 0.08;
    private const double RankPenalty = 0.02;
    private const double KeepRatio = 0.85;

    private static readonly EmbeddingGenerationOptions s_documentOptions = ((EmbeddingGenerationOptions?)null).WithPurpose(EmbeddingPurpose.Document);

    public static async Task<CitationCheck> AnswerAsync(
        IEmbeddingGenerator<string, Embedding<float>> embeddings,
        string question,
        string query,
        ReadOnlyMemory<float> queryVector,
        IReadOnlyList<Source> sources,
        AnswerOptions options,
        CancellationToken cancellationToken)
    {
        var passages = new List<(Source Source, List<PassageSentence> Sentences)>();
        var candidates = new List<(int Passage, int Position)>();
        foreach (Source source in sources)
        {
            List<PassageSentence> sentences = PassageSentences.Read(source);
            if (passages.Count == options.ExtractivePassages || !PassageSentences.HasBodyText(sentences))
            {
                continue;
            }

            passages.Add((source, sentences));
            for (int i = 0; i < sentences.Count && candidates.Count < MaxCandidates; i++)
            {
                int words = TextAnalysis.Words(sentences[i].Text).Count;
                if (sentences[i].IsBody && words is >= 3 and <= 120)
                {
                    candidates.Add((passages.Count - 1, i));
                }
            }
        }

        if (candidates.Count == 0)
        {
            Source first = passages.Count > 0 ? passages[0].Source : sources[0];
            string snippet = PromptSanitizer.SanitizeDocument(first.Snippet);
            return new CitationCheck(string.Concat(snippet, " [", first.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "]"), [new Citation(first.Number, first, snippet)], []);
        }

        // Sentences are stored text, so they are embedded with the document purpose; the question was embedded as a query.
        GeneratedEmbeddings<Embedding<float>> vectors = await embeddings.GenerateAsync(candidates.Select(c => passages[c.Passage].Sentences[c.Position].Text), s_documentOptions, cancellationToken);
        // Coverage counts the terms of the question asked: a follow-up's search query also carries the earlier turn's terms,
        // which find the passage but would favour the sentence that answered the earlier question.
        List<string> queryTerms = TextAnalysis.ContentTerms(question) is { Count: > 0 } asked ? asked : TextAnalysis.ContentTerms(query);
        var questionTerms = new HashSet<string>(queryTerms, StringComparer.Ordinal);
        AnswerType wanted = WantedType(question);
        string SentenceAt(int index) => passages[candidates[index].Passage].Sentences[candidates[index].Position].Text;
        var scored = new List<(int Index, double Score)>(candidates.Count);
        for (int i = 0; i < candidates.Count; i++)
        {
            string sentence = SentenceAt(i);
            ReadOnlyMemory<float> vector = vectors[i].Vector;
            double cosine = vector.Length == queryVector.Length ? TensorPrimitives.CosineSimilarity(queryVector.Span, vector.Span) : 0;
            double coverage = TextAnalysis.Coverage(queryTerms, sentence);
            double score = (EmbeddingWeight * cosine) + (CoverageWeight * coverage) - (RankPenalty * (passages[candidates[i].Passage].Source.Number - 1));
            if (wanted == AnswerType.Name && IdentifierRegex().IsMatch(sentence))
            {
                score += NameWeight;
            }

            if (questionTerms.Count > 0 && TextAnalysis.ContentTerms(sentence).TrueForAll(questionTerms.Contains))
            {
                score -= RestatementPenalty;
            }

            scored.Add((i, score));
        }

        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        double best = scored[0].Score;
        if (wanted is AnswerType.Quantity or AnswerType.Absence)
        {
            // A "how many" or "when" question is not answered by a sentence without a number, nor "what was missing" by
            // one that denies nothing, whatever words they share: the best sentence holding the cue goes first unless it
            // scores far below the best.
            Regex cue = wanted == AnswerType.Quantity ? QuantityRegex() : NegationRegex();
            int holding = scored.FindIndex(s => cue.IsMatch(SentenceAt(s.Index)));
            if (holding > 0 && scored[holding].Score >= best * CueMargin)
            {
                (int Index, double Score) first = scored[holding];
                scored.RemoveAt(holding);
                scored.Insert(0, first);
            }
        }

        var chosen = new List<(int Passage, int First, int Last)>();
        foreach ((int index, double score) in scored)
        {
            if (chosen.Count >= options.ExtractiveMaxSentences || (chosen.Count > 0 && score < best * KeepRatio))
            {
                break;
            }

            (int passage, int position) = candidates[index];
            List<PassageSentence> sentences = passages[passage].Sentences;
            bool quoted = chosen.Exists(c => c.Passage == passage && position >= c.First && position <= c.Last);
            if (!quoted && !chosen.Exists(c => NearDuplicate(Span(passages[c.Passage].Sentences, c.First, c.Last), sentences[position].Text)))
            {
                chosen.Add((passage, position, Extend(sentences, position)));
            }
        }

        var text = new StringBuilder();
        var citations = new List<Citation>();
        foreach ((int passage, int first, int last) in chosen)
        {
            Source source = passages[passage].Source;
            string sentence = Span(passages[passage].Sentences, first, last);
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(WithMarker(sentence, source.Number));
            int cited = citations.FindIndex(c => c.Number == source.Number);
            if (cited < 0)
            {
                citations.Add(new Citation(source.Number, source, sentence));
            }
            else
            {
                // One citation per source; its snippet holds every sentence quoted from it, so the evidence is all there.
                citations[cited] = citations[cited] with { Snippet = string.Concat(citations[cited].Snippet, " ", sentence) };
            }
        }

        return new CitationCheck(text.ToString(), citations, []);
    }

    // Extends a sentence that stops short with the sentences after it, at most MaxExtension of them: body text, or the
    // code line a sentence ending with ':' introduces.
    private static int Extend(List<PassageSentence> sentences, int position)
    {
        int last = position;
        while (last - position < MaxExtension && last + 1 < sentences.Count && IsIncomplete(sentences[last])
            && (sentences[last + 1].IsBody || (sentences[last + 1].Kind == TextParagraphKind.Code && sentences[last].Text.EndsWith(':'))))
        {
            last++;
        }

        return last;
    }

    private static bool IsIncomplete(PassageSentence sentence)
    {
        string text = sentence.Text.TrimEnd('"', '\'', '”', '’', '»', ')', ']');
        if (text.Length == 0 || text.EndsWith(':') || text.EndsWith(',') || TextAnalysis.EndsWithFunctionWord(text))
        {
            return true;
        }

        // A list item, row or definition may stand without a full stop; running text may not.
        return text[^1] is not ('.' or '!' or '?' or '…') && sentence.Kind == TextParagraphKind.Prose;
    }

    // The quoted text of sentences first..last; a definition's sentence that does not name its term is prefixed with it.
    private static string Span(List<PassageSentence> sentences, int first, int last)
    {
        string text = string.Join(' ', sentences.Skip(first).Take(last - first + 1).Select(s => s.Text));
        string? term = sentences[first].Term;
        return term is not null && !text.Contains(term, StringComparison.Ordinal) ? string.Concat(term, " — ", text) : text;
    }

    private static AnswerType WantedType(string question)
    {
        if (QuantityQuestionRegex().IsMatch(question))
        {
            return AnswerType.Quantity;
        }

        if (AbsenceQuestionRegex().IsMatch(question))
        {
            return AnswerType.Absence;
        }

        return NameQuestionRegex().IsMatch(question) ? AnswerType.Name : AnswerType.Any;
    }

    private static string WithMarker(string sentence, int number)
    {
        string marker = string.Concat(" [", number.ToString(System.Globalization.CultureInfo.InvariantCulture), "]");
        char last = sentence[^1];
        return last is '.' or '!' or '?' or ';' or ':'
            ? string.Concat(sentence.AsSpan(0, sentence.Length - 1), marker, last == ';' || last == ':' ? "." : last.ToString())
            : string.Concat(sentence, marker, ".");
    }

    private static bool NearDuplicate(string a, string b)
    {
        var x = new HashSet<string>(TextAnalysis.ContentTerms(a), StringComparer.Ordinal);
        var y = new HashSet<string>(TextAnalysis.ContentTerms(b), StringComparer.Ordinal);
        if (x.Count == 0 || y.Count == 0)
        {
            return false;
        }

        int common = x.Count(y.Contains);
        return common >= 0.7 * Math.Min(x.Count, y.Count);
    }

    // How many/much/long/often/old, when, what year/date/time, default/maximum/minimum values; Spanish cuánto(s), cuándo.
    [GeneratedRegex(@"^\W*(?:when|cu[aá]ndo)\b|\b(?:how\s+(?:many|much|long|often|old|big|large|far)|what\s+(?:year|date|time|size|percentage)|default|maximum|minimum|limit|cu[aá]nt[oa]s?|qu[eé]\s+(?:a[nñ]o|fecha))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuantityQuestionRegex();

    // Which/what option, flag, command, setting, parameter, function, variable, file; Spanish qué/cuál opción, comando…
    [GeneratedRegex(@"\b(?:which|what)\b.*\b(?:option|flag|switch|command|setting|parameter|function|variable|file|key|field|method|macro|program|tool)s?\b|\b(?:qu[eé]|cu[aá]l)\b.*\b(?:opci[oó]n|comando|par[aá]metro|funci[oó]n|variable|fichero|archivo|programa)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameQuestionRegex();

    [GeneratedRegex(@"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|hundred|thousand|million|once|twice|daily|weekly|monthly|hourly|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|quince|veinte|cien|mil|mill[oó]n)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuantityRegex();

    // An option (-b, --benchmark), snake_case or dotted names, a call "f()", CamelCase, or inline code.
    [GeneratedRegex(@"(?:^|\s)--?[A-Za-z]|\w_\w|\w\.\w+\(|\w\(\)|\b[a-z]+[A-Z]\w*|\b[A-Z][a-z]+[A-Z]\w*|`[^`]+`")]
    private static partial Regex IdentifierRegex();

    // What was missing or lacking; Spanish qué faltaba, de qué carecía.
    [GeneratedRegex(@"\b(?:missing|lack(?:s|ed|ing)?|without|falta(?:ba|n|ban)?|carec(?:e|ía|ia|en|ían)|sin)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AbsenceQuestionRegex();

    [GeneratedRegex(@"\b(?:no|not|never|none|without|lacks?|lacked|ni|sin|nunca|ning[uú]n[oa]?)\b|n't\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegationRegex();

    private enum AnswerType
    {
        Any,
        Quantity,
        Name,
        Absence,
    }
}
