// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Rag.Benchmarks.SciFact;
using Rag.Connectors.Pdf;
using Rag.Connectors.Sqlite;
using Rag.TestUtilities;

namespace Rag.Benchmarks.Answers;

/// <summary>
/// Answer quality on real manuals: ingests a folder (PDF, HTML, Markdown) with the SDK's defaults, asks each question of
/// <c>questions.json</c> extractively, and scores whether the answer text contains the expected fact, whether the first
/// citation is on the expected page (PDF) or in the expected section (HTML), and whether out-of-corpus questions are
/// abstained from. Options: --corpus DIR (required)  --questions FILE  --model minilm|arctic  --cache DIR  --verbose
/// --generate [--gguf FILE] (then the generated path's plumbing too, with the tiny test model by default: <see cref="GeneratedAnswersCheck"/>).
/// </summary>
internal sealed class AnswersBenchmark : IBenchmark
{
    public string Name => "answers";

    public string Description => "Extractive answer quality on real manuals: fact in answer, first citation on the right page/section, abstention (--corpus DIR).";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        string corpus = BenchmarkArgs.Get(args, "--corpus", string.Empty);
        if (corpus.Length == 0 || !Directory.Exists(corpus))
        {
            throw new ArgumentException("--corpus DIR is required: the folder of manuals the questions are about (see docs/benchmarks.md).");
        }

        string questionsPath = BenchmarkArgs.Get(args, "--questions", Path.Combine("tests", "Rag.Benchmarks", "Answers", "questions.json"));
        string model = BenchmarkArgs.Get(args, "--model", "minilm");
        string cache = BenchmarkArgs.Get(args, "--cache", Path.Combine("artifacts", "benchmarks", "cache"));
        bool verbose = args.Contains("--verbose");
        string? gguf = args.Contains("--generate") ? BenchmarkArgs.Get(args, "--gguf", TestEnvironment.TinyLlamaModelPath) : null;
        QuestionSet questions = QuestionSet.Load(questionsPath);

        report.Section($"answers: {questions.Answerable.Count} answerable and {questions.OutOfCorpus.Count} out-of-corpus questions over {Path.GetFullPath(corpus)} ({model})");
        string storeFolder = Path.Combine(cache, "answers");
        Directory.CreateDirectory(storeFolder);
        using IEmbeddingGenerator<string, Embedding<float>> embeddings = SciFactIndex.CreateGenerator(model);
        using KnowledgeStore store = SqliteKnowledgeStore.Open(Path.Combine(storeFolder, $"{model}.db"));
        var stopwatch = Stopwatch.StartNew();
        var readers = new DocumentReaderRegistry().Register(PdfDocumentReaderFactory.Create());
        FolderSyncResult sync = await new DocumentIngestor(store, embeddings, readers).SyncFolderAsync(corpus, cancellationToken: cancellationToken);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"synced {corpus}: {sync.ChunksEmbedded} chunks embedded, {sync.Unchanged} files unchanged, {sync.Failed.Count} failed, in {stopwatch.Elapsed.TotalSeconds:0.0} s"));

        await ReportUnverifiableQuestionsAsync(store, questions, report, cancellationToken);

        var kb = new KnowledgeBase(store, embeddings);
        var ask = new AskOptions { Extractive = true };
        int answered = 0, correct = 0, cited = 0, retrieved = 0;
        var rows = new List<string[]> { verbose ? ["Question", "Fact in answer", "First citation right", "Answer", "Similarity"] : ["Question", "Fact in answer", "First citation right", "Answer"] };
        stopwatch.Restart();
        foreach (AnswerableQuestion question in questions.Answerable)
        {
            Answer answer = await kb.AskAsync(question.Question, ask, cancellationToken);
            bool hasFact = !answer.NotFound && question.IsIn(answer.Text);
            bool citation = !answer.NotFound && answer.Citations.Count > 0 && question.IsAt(answer.Citations[0].Source);
            answered += answer.NotFound ? 0 : 1;
            correct += hasFact ? 1 : 0;
            cited += citation ? 1 : 0;
            retrieved += answer.Sources.Any(question.IsAt) ? 1 : 0;
            if (verbose || !hasFact || !citation)
            {
                rows.Add([Cell(question.Question), hasFact ? "yes" : "no", citation ? "yes" : "no", Cell(answer.NotFound ? "(not found)" : answer.Text), .. verbose ? new[] { await SimilarityAsync(embeddings, question.Question, answer, cancellationToken) } : []]);
            }
        }

        int abstained = 0;
        var answeredOutOfCorpus = new List<string[]> { verbose ? ["Out-of-corpus question", "Answer", "Similarity"] : ["Out-of-corpus question", "Answer"] };
        foreach (string question in questions.OutOfCorpus)
        {
            Answer answer = await kb.AskAsync(question, ask, cancellationToken);
            abstained += answer.NotFound ? 1 : 0;
            if (!answer.NotFound)
            {
                answeredOutOfCorpus.Add([Cell(question), Cell(answer.Text), .. verbose ? new[] { await SimilarityAsync(embeddings, question, answer, cancellationToken) } : []]);
            }
        }

        double n = questions.Answerable.Count;
        report.Line(string.Create(CultureInfo.InvariantCulture, $"asked {questions.Answerable.Count + questions.OutOfCorpus.Count} questions in {stopwatch.Elapsed.TotalSeconds:0.0} s"));
        report.Table(
        [
            ["Measure", "Value", "Count"],
            ["Answer-correct (fact in the extractive answer)", Ratio(correct / n), $"{correct}/{n}"],
            ["Citation-correct (first citation on the right page/section)", Ratio(cited / n), $"{cited}/{n}"],
            ["Retrieval hit (a source on the right page/section)", Ratio(retrieved / n), $"{retrieved}/{n}"],
            ["False abstentions (answerable, said not found)", Ratio((n - answered) / n), $"{n - answered}/{n}"],
            ["Abstained (out-of-corpus, said not found)", Ratio(abstained / (double)questions.OutOfCorpus.Count), $"{abstained}/{questions.OutOfCorpus.Count}"],
        ]);
        if (rows.Count > 1)
        {
            report.Line(verbose ? "All answerable questions:" : "Answerable questions with a wrong answer or citation:");
            report.Table(rows);
        }

        if (answeredOutOfCorpus.Count > 1)
        {
            report.Line("Out-of-corpus questions that were answered:");
            report.Table(answeredOutOfCorpus);
        }

        if (gguf is not null)
        {
            await GeneratedAnswersCheck.RunAsync(report, store, embeddings, questions, gguf, cancellationToken);
        }
    }

    /// <summary>For calibration (--verbose): the cosine of the question (query purpose) and the first quoted sentence (document purpose), and the best source's vector score.</summary>
    private static async Task<string> SimilarityAsync(IEmbeddingGenerator<string, Embedding<float>> embeddings, string question, Answer answer, CancellationToken cancellationToken)
    {
        if (answer.NotFound || answer.Citations.Count == 0)
        {
            return "-";
        }

        Embedding<float> q = await embeddings.GenerateAsync(question, ((EmbeddingGenerationOptions?)null).WithPurpose(EmbeddingPurpose.Query), cancellationToken);
        Embedding<float> s = await embeddings.GenerateAsync(answer.Citations[0].Snippet, ((EmbeddingGenerationOptions?)null).WithPurpose(EmbeddingPurpose.Document), cancellationToken);
        double cosine = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(q.Vector.Span, s.Vector.Span);
        return string.Create(CultureInfo.InvariantCulture, $"sentence {cosine:0.000}, best source {answer.Sources[0].VectorScore ?? 0:0.000}");
    }

    /// <summary>Warns about questions whose fact is not in the corpus where the question says (a mistake in the question set).</summary>
    private static async Task ReportUnverifiableQuestionsAsync(KnowledgeStore store, QuestionSet questions, BenchmarkReport report, CancellationToken cancellationToken)
    {
        var chunksByFile = new Dictionary<string, IReadOnlyList<DocumentChunk>>(StringComparer.Ordinal);
        foreach (DocumentRecord document in await store.GetDocumentsAsync(cancellationToken))
        {
            chunksByFile[Path.GetFileName(document.Path)] = await store.GetChunksAsync(document.Id, cancellationToken);
        }

        foreach (AnswerableQuestion question in questions.Answerable)
        {
            bool found = chunksByFile.TryGetValue(question.File, out IReadOnlyList<DocumentChunk>? chunks)
                && chunks.Any(c => question.IsAt(c.Path, c.PageNumber, c.HeadingPath) && question.IsIn(c.Text));
            if (!found)
            {
                report.Line($"warning: no chunk at the expected place holds the fact of \"{question.Question}\"");
            }
        }
    }

    private static string Cell(string text) => TextTruncate(text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal), 160);

    private static string TextTruncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    private static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
