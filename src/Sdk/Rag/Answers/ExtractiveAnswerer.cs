// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Rag;

/// <summary>
/// Answers without a chat model: picks the one to three sentences of the top passages most similar to the question
/// (embedding similarity to the search query blended with coverage of the question's content terms), each followed by its
/// citation.
/// </summary>
internal static class ExtractiveAnswerer
{
    private const int MaxCandidates = 64;
    private const double EmbeddingWeight = 0.6;
    private const double CoverageWeight = 0.4;
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
        var candidates = new List<(Source Source, int Position, string Sentence)>();
        foreach (Source source in sources.Take(options.ExtractivePassages))
        {
            // Quoted sentences may reach a model later (the plugin returns them), so they are sanitised like prompt text.
            List<string> sentences = TextAnalysis.Sentences(PromptSanitizer.Sanitize(source.Text));
            for (int i = 0; i < sentences.Count && candidates.Count < MaxCandidates; i++)
            {
                int words = TextAnalysis.Words(sentences[i]).Count;
                if (words is >= 3 and <= 120)
                {
                    candidates.Add((source, i, sentences[i]));
                }
            }
        }

        if (candidates.Count == 0)
        {
            Source first = sources[0];
            return new CitationCheck(string.Concat(first.Snippet, " [", first.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "]"), [new Citation(first.Number, first, first.Snippet)], []);
        }

        // Sentences are stored text, so they are embedded with the document purpose; the question was embedded as a query.
        GeneratedEmbeddings<Embedding<float>> vectors = await embeddings.GenerateAsync(candidates.Select(c => c.Sentence), s_documentOptions, cancellationToken);
        // Coverage counts the terms of the question asked: a follow-up's search query also carries the earlier turn's terms,
        // which find the passage but would favour the sentence that answered the earlier question.
        List<string> queryTerms = TextAnalysis.ContentTerms(question) is { Count: > 0 } asked ? asked : TextAnalysis.ContentTerms(query);
        var scored = new List<(int Index, double Score)>(candidates.Count);
        for (int i = 0; i < candidates.Count; i++)
        {
            ReadOnlyMemory<float> vector = vectors[i].Vector;
            double cosine = vector.Length == queryVector.Length ? TensorPrimitives.CosineSimilarity(queryVector.Span, vector.Span) : 0;
            double coverage = TextAnalysis.Coverage(queryTerms, candidates[i].Sentence);
            double score = (EmbeddingWeight * cosine) + (CoverageWeight * coverage) - (RankPenalty * (candidates[i].Source.Number - 1));
            scored.Add((i, score));
        }

        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        double best = scored[0].Score;
        var chosen = new List<int> { scored[0].Index };
        foreach ((int index, double score) in scored.Skip(1))
        {
            if (chosen.Count >= options.ExtractiveMaxSentences || score < best * KeepRatio)
            {
                break;
            }

            if (!chosen.Exists(c => NearDuplicate(candidates[c].Sentence, candidates[index].Sentence)))
            {
                chosen.Add(index);
            }
        }

        var text = new StringBuilder();
        var citations = new List<Citation>();
        foreach (int index in chosen)
        {
            (Source source, _, string sentence) = candidates[index];
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
}
