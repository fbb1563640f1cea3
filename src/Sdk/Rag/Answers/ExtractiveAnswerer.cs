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
/// (embedding similarity to the search query blended with coverage of the question's content terms, a bonus for the
/// question's literal symbols (an option such as <c>-k</c>, <c>%t</c>, <c>s(x)</c>, <c>&lt;rescan&gt;</c>, a snake_case
/// name) found verbatim in the sentence or the term it defines, a bonus for the kind of fact the question asks for (a
/// number, preferably with its unit, for "how many"; a person's name for "who"; a denial for "what was missing"; an
/// option such as <c>-l</c> for "which option"; a name for "which function"), a penalty for sentences that only repeat
/// the question), each followed by its citation.
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
    private const double LiteralWeight = 0.15;
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
            // Only contents lines, headings or code: nothing quotable says anything, so there is no answer to give.
            return new CitationCheck(string.Empty, [], []);
        }

        // Sentences are stored text, so they are embedded with the document purpose; the question was embedded as a query.
        GeneratedEmbeddings<Embedding<float>> vectors = await embeddings.GenerateAsync(candidates.Select(c => passages[c.Passage].Sentences[c.Position].Text), s_documentOptions, cancellationToken);
        // Coverage counts the terms of the question asked: a follow-up's search query also carries the earlier turn's terms,
        // which find the passage but would favour the sentence that answered the earlier question.
        List<string> queryTerms = TextAnalysis.ContentTerms(question) is { Count: > 0 } asked ? asked : TextAnalysis.ContentTerms(query);
        var questionTerms = new HashSet<string>(queryTerms, StringComparer.Ordinal);
        AnswerType wanted = WantedType(question);
        List<string> literals = Literals(question);
        string SentenceAt(int index) => passages[candidates[index].Passage].Sentences[candidates[index].Position].Text;
        var scored = new List<(int Index, double Score)>(candidates.Count);
        for (int i = 0; i < candidates.Count; i++)
        {
            string sentence = SentenceAt(i);
            ReadOnlyMemory<float> vector = vectors[i].Vector;
            double cosine = vector.Length == queryVector.Length ? TensorPrimitives.CosineSimilarity(queryVector.Span, vector.Span) : 0;
            double coverage = TextAnalysis.Coverage(queryTerms, sentence);
            double score = (EmbeddingWeight * cosine) + (CoverageWeight * coverage) - (RankPenalty * (passages[candidates[i].Passage].Source.Number - 1));
            if ((wanted is AnswerType.Name or AnswerType.Option) && IdentifierRegex().IsMatch(sentence))
            {
                score += NameWeight;
            }

            if (literals.Count > 0)
            {
                score += LiteralWeight * LiteralsHeld(passages[candidates[i].Passage].Sentences[candidates[i].Position], literals) / literals.Count;
            }

            if (questionTerms.Count > 0 && TextAnalysis.ContentTerms(sentence).TrueForAll(questionTerms.Contains))
            {
                score -= RestatementPenalty;
            }

            scored.Add((i, score));
        }

        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        double best = scored[0].Score;
        // A "how many" or "when" question is not answered by a sentence without a number, "who" by one without a name,
        // "what was missing" by one that denies nothing, nor a question naming a symbol ("-k", "%t") by one without it,
        // whatever words they share: the best sentence holding the cue goes first unless it scores far below the best.
        // Cues in order: the symbol with the kind of fact, the symbol alone, then the kind of fact (for quantities, a
        // number with its unit before a bare number).
        bool HasLiterals(int index) => literals.Count > 0 && LiteralsHeld(passages[candidates[index].Passage].Sentences[candidates[index].Position], literals) == literals.Count;
        // An option is often the term a definition's sentence describes ("-l, --mathlib — Define the standard math library").
        string CueTextAt(int index) => wanted == AnswerType.Option && passages[candidates[index].Passage].Sentences[candidates[index].Position].Term is { } term
            ? string.Concat(term, " ", SentenceAt(index))
            : SentenceAt(index);
        Regex[] kinds = Cues(wanted);
        var cues = new List<Func<int, bool>>();
        if (literals.Count > 0)
        {
            cues.AddRange(kinds.Select(kind => (Func<int, bool>)(i => HasLiterals(i) && kind.IsMatch(CueTextAt(i)))));
            cues.Add(HasLiterals);
        }

        cues.AddRange(kinds.Select(kind => (Func<int, bool>)(i => kind.IsMatch(CueTextAt(i)))));
        foreach (Func<int, bool> cue in cues)
        {
            int holding = scored.FindIndex(s => cue(s.Index));
            if (holding >= 0 && scored[holding].Score >= best * CueMargin)
            {
                (int Index, double Score) first = scored[holding];
                scored.RemoveAt(holding);
                scored.Insert(0, first);
                break;
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

        if (PersonQuestionRegex().IsMatch(question))
        {
            return AnswerType.Person;
        }

        if (OptionQuestionRegex().IsMatch(question))
        {
            return AnswerType.Option;
        }

        return NameQuestionRegex().IsMatch(question) ? AnswerType.Name : AnswerType.Any;
    }

    private static Regex[] Cues(AnswerType wanted) => wanted switch
    {
        AnswerType.Quantity => [QuantityWithUnitRegex(), QuantityRegex()],
        AnswerType.Absence => [NegationRegex()],
        AnswerType.Person => [PersonNameRegex()],
        AnswerType.Option => [OptionRegex()],
        _ => [],
    };

    // The question's symbols that word matching loses: options, placeholders, calls, markup elements, snake_case names.
    private static List<string> Literals(string question) =>
        [.. LiteralRegex().Matches(question).Select(m => m.Value.TrimEnd('.', ',', '?')).Where(l => l.Length > 1).Distinct(StringComparer.Ordinal)];

    // How many of the literals a sentence holds, in its text or in the term its paragraph defines.
    private static int LiteralsHeld(PassageSentence sentence, List<string> literals) =>
        literals.Count(l => ContainsLiteral(sentence.Text, l) || (sentence.Term is { } term && ContainsLiteral(term, l)));

    // Whether text holds a literal as a whole token ("-s" in "-s, --standard", not in "--standard"); spaces inside a call
    // or element do not count, so "s(x)" is found in "s (x)".
    private static bool ContainsLiteral(string text, string literal)
    {
        bool compact = literal.Contains('(', StringComparison.Ordinal) || literal.Contains('<', StringComparison.Ordinal);
        string haystack = compact ? WhitespaceRegex().Replace(text, string.Empty) : text;
        string needle = compact ? WhitespaceRegex().Replace(literal, string.Empty) : literal;
        for (int at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            bool startsToken = at == 0 || !(char.IsLetterOrDigit(haystack[at - 1]) || haystack[at - 1] is '-' or '_');
            int end = at + needle.Length;
            bool endsToken = end == haystack.Length || !(char.IsLetterOrDigit(haystack[end]) || haystack[end] is '-' or '_');
            if (startsToken && (endsToken || !char.IsLetterOrDigit(needle[^1])))
            {
                return true;
            }
        }

        return false;
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

    // How many/much/long/often/old, when, what (key) size/year/date/time, default/maximum/minimum values; Spanish cuánto(s), cuándo.
    [GeneratedRegex(@"^\W*(?:when|cu[aá]ndo)\b|\b(?:how\s+(?:many|much|long|often|old|big|large|far)|(?:what|which)\s+(?:[\w-]+\s+)?(?:year|date|time|size|percentage|length)|default|maximum|minimum|limit|cu[aá]nt[oa]s?|qu[eé]\s+(?:a[nñ]o|fecha))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuantityQuestionRegex();

    // Who described, wrote, contributed…; Spanish quién.
    [GeneratedRegex(@"^\W*(?:who|whom|qui[eé]n(?:es)?)\b|\bby\s+whom\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PersonQuestionRegex();

    // Two or more capitalised words in a row, one of them possibly an initial ("Ron Rivest", "R. L. Rivest", "Julian Seward").
    [GeneratedRegex(@"\b\p{Lu}(?:\p{Ll}+|\.)\s+(?:\p{Lu}\.\s+)*\p{Lu}\p{Ll}+")]
    private static partial Regex PersonNameRegex();

    // A number with its unit: "64 bit", "168 bits", "3700 kbytes", "12-octet", "900k", "50 %", "2 seconds", "number of CPUs".
    [GeneratedRegex(@"\d(?:[\s-]?(?:bits?|bytes?|octets?|k|kb|kbytes?|mb|megabytes?|gb|gigabytes?|kib|mib|gib|%|percent|characters?|digits?|lines?|seconds?|minutes?|hours?|days?|ms|words?|times)\b|%)|\bnumber\s+of\s+\w+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuantityWithUnitRegex();

    // "-k", "--keep", "%t", "!expr", "s(x)", "length (expression)", "<rescan>", "<reset-dirs />", "blowfish_set_key".
    [GeneratedRegex(@"(?<![\w-])(?:--?[A-Za-z][\w-]*|%\w|![A-Za-z]\w*|</?[A-Za-z][\w-]*\s*/?>|[A-Za-z]\w*\s?\([^()\s]*\)|\w+_\w+)")]
    private static partial Regex LiteralRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    // Which/what (command line) option, flag or switch; Spanish qué/cuál opción.
    [GeneratedRegex(@"\b(?:which|what)\b.*\b(?:option|flag|switch)(?:e?s)?\b|\b(?:qu[eé]|cu[aá]l)\b.*\bopci[oó]n(?:es)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OptionQuestionRegex();

    // A command-line option as a token: "-l", "--mathlib", "(-k)".
    [GeneratedRegex(@"(?:^|[\s(,\[])--?[A-Za-z][\w-]*")]
    private static partial Regex OptionRegex();

    // Which/what option, flag, command, setting, parameter, function, variable, file; Spanish qué/cuál opción, comando…
    [GeneratedRegex(@"\b(?:which|what)\b.*\b(?:option|flag|switch|command|setting|parameter|function|variable|file|key|field|method|macro|program|tool)s?\b|\b(?:qu[eé]|cu[aá]l)\b.*\b(?:opci[oó]n|comando|par[aá]metro|funci[oó]n|variable|fichero|archivo|programa)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameQuestionRegex();

    [GeneratedRegex(@"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|hundred|thousand|million|once|twice|daily|weekly|monthly|hourly|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|quince|veinte|cien|mil|mill[oó]n)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuantityRegex();

    // An option (-b, --benchmark), snake_case or dotted names, a call "f()", CamelCase, inline code, or a file name
    // ("bzlib.h", "fonts.conf"; not "e.g.").
    [GeneratedRegex(@"(?:^|\s)--?[A-Za-z]|\w_\w|\w\.\w+\(|\w\(\)|\b[a-z]+[A-Z]\w*|\b[A-Z][a-z]+[A-Z]\w*|`[^`]+`|\b[A-Za-z][\w-]*\.[a-z]{1,5}\b(?!\.)")]
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
        Person,
        Option,
    }
}
