// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp;

namespace Rag.Benchmarks.Answers;

/// <summary>
/// The generated path's plumbing with a real GGUF model (by default the tiny test model, which writes stories, not
/// answers): each answerable question must reach the model with a prompt that holds its fact, source [1] must be at the
/// expected place, the streamed answer must equal the non-streamed one (greedy decoding), and out-of-corpus questions must
/// be answered "not found" without a model call. Answer quality is the model's; with the test model it is not measured.
/// </summary>
internal static class GeneratedAnswersCheck
{
    private const int ContextSize = 2048;
    private const int MaxAnswerTokens = 48;

    public static async Task RunAsync(BenchmarkReport report, KnowledgeStore store, IEmbeddingGenerator<string, Embedding<float>> embeddings, QuestionSet questions, string ggufPath, CancellationToken cancellationToken)
    {
        report.Section($"answers --generate: the generated path with {Path.GetFileName(ggufPath)} (context {ContextSize}, at most {MaxAnswerTokens} answer tokens, greedy)");
        // The recorder owns the model client: disposing it disposes the model.
        using var recorder = new RecordingChatClient(LlamaSharpChatClientFactory.Create(new LlamaSharpChatOptions { ModelPath = ggufPath, ContextSize = ContextSize, DefaultMaxOutputTokens = MaxAnswerTokens }));
        var options = new RagOptions();
        options.Answers.ContextWindowTokens = ContextSize;
        options.Answers.MaxAnswerTokens = MaxAnswerTokens;
        var kb = new KnowledgeBase(store, embeddings, recorder, options);
        var ask = new AskOptions { ChatOptions = new ChatOptions { Temperature = 0, MaxOutputTokens = MaxAnswerTokens } };

        int reached = 0, factInPrompt = 0, firstSourceRight = 0, sameStreamed = 0, cited = 0;
        var stopwatch = Stopwatch.StartNew();
        foreach (AnswerableQuestion question in questions.Answerable)
        {
            int before = recorder.Calls;
            Answer answer = await kb.AskAsync(question.Question, ask, cancellationToken);
            bool called = recorder.Calls > before;
            reached += called ? 1 : 0;
            factInPrompt += called && question.IsIn(recorder.LastPrompt) ? 1 : 0;
            firstSourceRight += answer.Sources.Count > 0 && question.IsAt(answer.Sources[0]) ? 1 : 0;
            cited += answer.HasValidCitations ? 1 : 0;

            Answer? streamed = null;
            await foreach (AnswerUpdate update in kb.AskStreamingAsync(question.Question, ask, cancellationToken))
            {
                streamed = update.Answer ?? streamed;
            }

            sameStreamed += streamed is not null && streamed.Text == answer.Text && streamed.NotFound == answer.NotFound ? 1 : 0;
        }

        int abstainedWithoutModel = 0;
        foreach (string question in questions.OutOfCorpus)
        {
            int before = recorder.Calls;
            Answer answer = await kb.AskAsync(question, ask, cancellationToken);
            abstainedWithoutModel += answer.NotFound && recorder.Calls == before ? 1 : 0;
        }

        double n = questions.Answerable.Count;
        int outOfCorpus = questions.OutOfCorpus.Count;
        report.Line(string.Create(CultureInfo.InvariantCulture, $"asked {questions.Answerable.Count} questions twice (plain and streaming) and {outOfCorpus} out-of-corpus ones in {stopwatch.Elapsed.TotalSeconds:0.0} s"));
        report.Table(
        [
            ["Measure", "Value", "Count"],
            ["Reached the model (answerable)", Ratio(reached / n), $"{reached}/{n}"],
            ["The prompt holds the expected fact", Ratio(factInPrompt / n), $"{factInPrompt}/{n}"],
            ["Source [1] on the right page/section", Ratio(firstSourceRight / n), $"{firstSourceRight}/{n}"],
            ["Streamed answer equals the plain one", Ratio(sameStreamed / n), $"{sameStreamed}/{n}"],
            ["Answer with a valid citation (the model's doing)", Ratio(cited / n), $"{cited}/{n}"],
            ["Out-of-corpus: not found without a model call", Ratio(abstainedWithoutModel / (double)outOfCorpus), $"{abstainedWithoutModel}/{outOfCorpus}"],
        ]);
    }

    private static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
