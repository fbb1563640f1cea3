// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp;
using Rag.TestUtilities;

namespace Rag.Benchmarks;

/// <summary>
/// Prompt-processing and generation tokens/s through our IChatClient versus a bare LLamaSharp decode loop (and
/// LLamaSharp's StatelessExecutor) on the same model in the same run; plus time to first token with and without
/// KV-cache reuse of a fixed system prompt.
/// Usage: llm [--gguf path.gguf] [--threads n] [--rounds n] [--gen n]
/// </summary>
internal sealed class LlmBenchmark : IBenchmark
{
    private const string Story = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her dog, Max. One day, Lily and Max found a big red ball under a tree. They played with the ball all day long. When the sun went down, Lily took the ball home and showed it to her mom. Her mom smiled and said it was a very nice ball. ";

    public string Name => "llm";

    public string Description => "LLamaSharp chat client vs bare LLamaSharp: prompt and generation tokens/s, TTFT with KV prefix reuse";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        string model = BenchmarkArgs.Get(args, "--gguf", TestEnvironment.TinyLlamaModelPath);
        int threads = int.Parse(BenchmarkArgs.Get(args, "--threads", "2"), CultureInfo.InvariantCulture);
        int rounds = int.Parse(BenchmarkArgs.Get(args, "--rounds", "7"), CultureInfo.InvariantCulture);
        int generate = int.Parse(BenchmarkArgs.Get(args, "--gen", "256"), CultureInfo.InvariantCulture);
        const int ContextSize = 2048;
        string userText = string.Concat(Enumerable.Repeat(Story, 5));

        report.Section("Setup");
        report.Line($"Model: {Path.GetFileName(model)}; threads {threads}; context {ContextSize}; {rounds} measured rounds (median) after 1 warm-up; {generate} generated tokens (greedy, EOS suppressed).");

        var options = new LlamaSharpChatOptions { ModelPath = model, ContextSize = ContextSize, Threads = threads, ReusePromptPrefix = false };
        using IChatClient client = LlamaSharpChatClientFactory.Create(options);
        ChatMessage[] messages = [new(ChatRole.User, userText)];
        var chatOptions = new ChatOptions { Temperature = 0, MaxOutputTokens = generate, AdditionalProperties = new() { ["ignore_eos"] = true } };

        var modelParams = new ModelParams(model) { ContextSize = ContextSize, Threads = threads, BatchThreads = threads, BatchSize = 512, UBatchSize = 512 };
        using LLamaWeights weights = await LLamaWeights.LoadFromFileAsync(modelParams, cancellationToken);
        using LLamaContext context = weights.CreateContext(modelParams);
        var template = new LLamaTemplate(weights, strict: false) { AddAssistant = true }; // same fallback (chatml) as the client for a template-less model
        template.Add("user", userText);
        string promptText = Encoding.UTF8.GetString(template.Apply());
        LLamaToken[] promptTokens = context.Tokenize(promptText, addBos: true, special: true);
        var stateless = new StatelessExecutor(weights, modelParams) { ApplyTemplate = false };

        var ours = new List<Run>();
        var bare = new List<Run>();
        var executor = new List<Run>();
        for (int round = 0; round <= rounds; round++)
        {
            // Alternate the order each round so drift in machine load does not favour one path.
            Run o, b;
            if (round % 2 == 0)
            {
                o = await MeasureClientAsync(client, messages, chatOptions, cancellationToken);
                b = MeasureBareLoop(context, promptTokens, generate, cancellationToken);
            }
            else
            {
                b = MeasureBareLoop(context, promptTokens, generate, cancellationToken);
                o = await MeasureClientAsync(client, messages, chatOptions, cancellationToken);
            }

            Run s = await MeasureStatelessAsync(stateless, promptText, promptTokens.Length, generate, cancellationToken);
            if (round > 0)
            {
                ours.Add(o);
                bare.Add(b);
                executor.Add(s);
            }
        }

        report.Section("Throughput (median of rounds)");
        Run mo = Median(ours), mb = Median(bare), ms = Median(executor);
        report.Table(
        [
            ["Path", "Prompt tokens", "Prompt tok/s", "Generated", "Gen tok/s", "TTFT ms"],
            Row("Rag IChatClient (streaming)", mo),
            Row("Bare LLamaSharp decode loop", mb),
            Row("LLamaSharp StatelessExecutor", ms),
        ]);
        List<double> promptRatios = [.. ours.Zip(bare, (o, b) => o.PromptRate / b.PromptRate)];
        List<double> generationRatios = [.. ours.Zip(bare, (o, b) => o.GenerationRate / b.GenerationRate)];
        report.Line(
            $"Ratio IChatClient / bare loop, median of per-round paired ratios: prompt {Median(promptRatios):0.000}x (range {promptRatios.Min():0.000}-{promptRatios.Max():0.000}), " +
            $"generation {Median(generationRatios):0.000}x (range {generationRatios.Min():0.000}-{generationRatios.Max():0.000}). Target >= 0.95x.");
        report.Line($"Ratio of medians IChatClient / bare loop: prompt {mo.PromptRate / mb.PromptRate:0.000}x, generation {mo.GenerationRate / mb.GenerationRate:0.000}x; IChatClient / StatelessExecutor: prompt {mo.PromptRate / ms.PromptRate:0.000}x, generation {mo.GenerationRate / ms.GenerationRate:0.000}x.");

        await MeasurePrefixReuseAsync(report, model, threads, rounds, cancellationToken);
    }

    private static async Task<Run> MeasureClientAsync(IChatClient client, ChatMessage[] messages, ChatOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        TimeSpan first = TimeSpan.Zero;
        UsageDetails? usage = null;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            if (first == TimeSpan.Zero && update.Text.Length > 0)
            {
                first = stopwatch.Elapsed;
            }

            if (update.FinishReason is not null)
            {
                usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
            }
        }

        TimeSpan total = stopwatch.Elapsed;
        return new Run((int)usage!.InputTokenCount!.Value, (int)usage.OutputTokenCount!.Value, first, total);
    }

    private static Run MeasureBareLoop(LLamaContext context, LLamaToken[] prompt, int generate, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        context.NativeHandle.MemoryClear(true);
        var batch = new LLamaBatch();
        for (int start = 0; start < prompt.Length; start += 512)
        {
            batch.Clear();
            int end = Math.Min(prompt.Length, start + 512);
            for (int i = start; i < end; i++)
            {
                batch.Add(prompt[i], i, LLamaSeqId.Zero, i == prompt.Length - 1);
            }

            context.NativeHandle.Decode(batch);
        }

        using var sampler = new DefaultSamplingPipeline { Temperature = 0, PreventEOS = true };
        var decoder = new StreamingTokenDecoder(context);
        var text = new StringBuilder();
        TimeSpan first = TimeSpan.Zero;
        int position = prompt.Length;
        for (int n = 0; n < generate; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LLamaToken token = sampler.Sample(context.NativeHandle, batch.TokenCount - 1);
            decoder.Add(token);
            text.Append(decoder.Read());
            if (n == 0)
            {
                first = stopwatch.Elapsed;
            }

            if (n == generate - 1)
            {
                break;
            }

            batch.Clear();
            batch.Add(token, position++, LLamaSeqId.Zero, true);
            context.NativeHandle.Decode(batch);
        }

        return new Run(prompt.Length, generate, first, stopwatch.Elapsed);
    }

    private static async Task<Run> MeasureStatelessAsync(StatelessExecutor executor, string prompt, int promptTokens, int generate, CancellationToken cancellationToken)
    {
        var inference = new InferenceParams { MaxTokens = generate, SamplingPipeline = new DefaultSamplingPipeline { Temperature = 0, PreventEOS = true } };
        var stopwatch = Stopwatch.StartNew();
        TimeSpan first = TimeSpan.Zero;
        int pieces = 0;
        await foreach (string piece in executor.InferAsync(prompt, inference, cancellationToken))
        {
            if (pieces++ == 0)
            {
                first = stopwatch.Elapsed;
            }
        }

        return new Run(promptTokens, generate, first, stopwatch.Elapsed);
    }

    private static async Task MeasurePrefixReuseAsync(BenchmarkReport report, string model, int threads, int rounds, CancellationToken cancellationToken)
    {
        string system = "You answer questions about stories. " + string.Concat(Enumerable.Repeat(Story, 8));
        string[] questions = ["Who is Lily?", "What did Max find?", "Where did they play?", "What color was the ball?", "What did mom say?", "When did the sun go down?", "Who smiled?", "What is the dog's name?", "Was it a nice day?"];
        var results = new Dictionary<bool, (List<double> Ttft, int Prompt, int Cached)>();
        foreach (bool reuse in new[] { false, true })
        {
            var options = new LlamaSharpChatOptions { ModelPath = model, ContextSize = 2048, Threads = threads, ReusePromptPrefix = reuse };
            using IChatClient client = LlamaSharpChatClientFactory.Create(options);
            var ttft = new List<double>();
            int prompt = 0, cached = 0;
            for (int i = 0; i <= rounds; i++)
            {
                ChatMessage[] messages = [new(ChatRole.System, system), new(ChatRole.User, questions[i % questions.Length])];
                var stopwatch = Stopwatch.StartNew();
                double first = 0;
                await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(messages, new ChatOptions { Temperature = 0, MaxOutputTokens = 8 }, cancellationToken))
                {
                    if (first == 0 && update.Text.Length > 0)
                    {
                        first = stopwatch.Elapsed.TotalMilliseconds;
                    }

                    if (update.Contents.OfType<UsageContent>().FirstOrDefault() is { } usage)
                    {
                        prompt = (int)usage.Details.InputTokenCount!.Value;
                        cached = (int)(usage.Details.CachedInputTokenCount ?? 0);
                    }
                }

                if (i > 0)
                {
                    ttft.Add(first);
                }
            }

            results[reuse] = (ttft, prompt, cached);
        }

        report.Section("Time to first token, fixed system prompt (median)");
        report.Table(
        [
            ["ReusePromptPrefix", "Prompt tokens", "Reused from KV cache", "TTFT ms"],
            ["false", results[false].Prompt.ToString(CultureInfo.InvariantCulture), results[false].Cached.ToString(CultureInfo.InvariantCulture), Median(results[false].Ttft).ToString("0.00", CultureInfo.InvariantCulture)],
            ["true", results[true].Prompt.ToString(CultureInfo.InvariantCulture), results[true].Cached.ToString(CultureInfo.InvariantCulture), Median(results[true].Ttft).ToString("0.00", CultureInfo.InvariantCulture)],
        ]);
        report.Line($"TTFT speed-up from prefix reuse: {Median(results[false].Ttft) / Median(results[true].Ttft):0.00}x.");
    }

    private static string[] Row(string name, Run run) =>
    [
        name,
        run.PromptTokens.ToString(CultureInfo.InvariantCulture),
        run.PromptRate.ToString("0", CultureInfo.InvariantCulture),
        run.Generated.ToString(CultureInfo.InvariantCulture),
        run.GenerationRate.ToString("0", CultureInfo.InvariantCulture),
        run.FirstToken.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture),
    ];

    private static Run Median(List<Run> runs) => new(
        runs[0].PromptTokens,
        runs[0].Generated,
        TimeSpan.FromMilliseconds(Median(runs.Select(r => r.FirstToken.TotalMilliseconds).ToList())),
        TimeSpan.FromMilliseconds(Median(runs.Select(r => r.FirstToken.TotalMilliseconds + ((r.Total - r.FirstToken).TotalMilliseconds)).ToList())))
    {
        MedianGenerationRate = Median(runs.Select(r => r.GenerationRate).ToList()),
    };

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>One measured request: prompt tokens per second up to the first token, generation tokens per second after it.</summary>
    private sealed record Run(int PromptTokens, int Generated, TimeSpan FirstToken, TimeSpan Total)
    {
        public double? MedianGenerationRate { get; init; }

        public double PromptRate => PromptTokens / FirstToken.TotalSeconds;

        public double GenerationRate => MedianGenerationRate ?? ((Generated - 1) / (Total - FirstToken).TotalSeconds);
    }
}
