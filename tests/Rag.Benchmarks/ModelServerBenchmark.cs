// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Rag.Connectors.LlamaSharp;
using Rag.Connectors.OpenAI;
using Rag.Connectors.Onnx;
using Rag.TestUtilities;
using ChatCompletionOptions = OpenAI.Chat.ChatCompletionOptions;

namespace Rag.Benchmarks;

/// <summary>
/// The cost of serving models over HTTP: the built WebApi sample as a model server (its /v1 endpoints, Kestrel on
/// loopback, stories260K and the built-in ONNX model) reached through Rag.Connectors.OpenAI, against the same models
/// called in-process (the peer). Rounds alternate remote and local so load drift hits both alike.
/// </summary>
internal sealed class ModelServerBenchmark : IBenchmark
{
    private static readonly ChatMessage[] s_prompt = [new(ChatRole.User, "Once upon a time")];

    public string Name => "openai";

    public string Description => "OpenAI-compatible /v1 over loopback vs in-process models: completion, first token, embeddings (--rounds 20 --tokens 64 --config Release)";

    public async Task RunAsync(BenchmarkReport report, string[] args, CancellationToken cancellationToken)
    {
        int rounds = int.Parse(BenchmarkArgs.Get(args, "--rounds", "20"), CultureInfo.InvariantCulture);
        int tokens = int.Parse(BenchmarkArgs.Get(args, "--tokens", "64"), CultureInfo.InvariantCulture);
        string configuration = BenchmarkArgs.Get(args, "--config", "Release");
        string model = TestEnvironment.TinyLlamaModelPath;
        string dll = Path.Combine(TestEnvironment.RepositoryRoot, "artifacts", "bin", "Rag.WebApi", configuration.ToLowerInvariant(), "Rag.WebApi.dll");
        if (!File.Exists(dll) || !File.Exists(model))
        {
            throw new FileNotFoundException($"Needs the built sample (dotnet build -c {configuration} samples/WebApi/Rag.WebApi.csproj) and {model}.", File.Exists(dll) ? model : dll);
        }

        using var work = new TemporaryDirectory();
        using Process server = StartServer(dll, model, work.Path);
        try
        {
            Uri endpoint = new(await SampleServerOutput.ReadListeningAddressAsync(server, cancellationToken), "/v1/");
            using IChatClient local = LlamaSharpChatClientFactory.Create(new LlamaSharpChatOptions { ModelPath = model, ContextSize = 512, Threads = 1 });
            using IChatClient remote = OpenAIChatClientFactory.Create(new OpenAIChatOptions { Endpoint = endpoint, ModelId = Path.GetFileNameWithoutExtension(model), ContextWindowTokens = 512 });
            using IEmbeddingGenerator<string, Embedding<float>> localEmbeddings = OnnxEmbeddingGenerator.Create();
            string embeddingModel = localEmbeddings.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId!;
            using IEmbeddingGenerator<string, Embedding<float>> remoteEmbeddings = OpenAIEmbeddingGeneratorFactory.Create(
                new OpenAIEmbeddingGeneratorOptions { Endpoint = endpoint, ModelId = embeddingModel, SendInputType = true });
            string[] sentences = [.. Enumerable.Range(0, 16).Select(i => $"Employee handbook passage {i}: new employees get twenty-five vacation days, and unused days carry over until March.")];
            report.Line($"Server: {dll} (separate process) with stories260K (1 thread, context 512) and {embeddingModel}; peer: the same models in this process. " +
                $"{rounds} alternating rounds after 2 warm-up rounds; completions of exactly {tokens} tokens (greedy, end-of-story ignored); embeddings of {sentences.Length} sentences per request.");

            var samples = new Samples();
            for (int round = -2; round < rounds; round++)
            {
                Samples target = round < 0 ? new Samples() : samples;
                target.LocalCompletion.Add(await CompleteAsync(local, Options(tokens, remote: false), tokens, cancellationToken));
                target.RemoteCompletion.Add(await CompleteAsync(remote, Options(tokens, remote: true), tokens, cancellationToken));
                target.LocalFirstToken.Add(await FirstTokenAsync(local, Options(tokens, remote: false), cancellationToken));
                target.RemoteFirstToken.Add(await FirstTokenAsync(remote, Options(tokens, remote: true), cancellationToken));
                target.LocalEmbeddings.Add(await EmbedAsync(localEmbeddings, sentences, cancellationToken));
                target.RemoteEmbeddings.Add(await EmbedAsync(remoteEmbeddings, sentences, cancellationToken));
            }

            report.Section("Latency, p50 / p95 (ms)");
            report.Table(
            [
                ["Operation", "in-process p50", "in-process p95", "/v1 over loopback p50", "/v1 p95", "remote / local (p50)"],
                Row($"Chat completion, {tokens} tokens", samples.LocalCompletion, samples.RemoteCompletion),
                Row("Streamed completion, first text", samples.LocalFirstToken, samples.RemoteFirstToken),
                Row($"Embeddings, {sentences.Length} sentences", samples.LocalEmbeddings, samples.RemoteEmbeddings),
            ]);
            report.Line($"Generation throughput: in-process {tokens / (SampleServerOutput.Percentile(samples.LocalCompletion, 0.5) / 1000):0} tokens/s, over /v1 {tokens / (SampleServerOutput.Percentile(samples.RemoteCompletion, 0.5) / 1000):0} tokens/s (p50).");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static Process StartServer(string dll, string model, string folder)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[dll, "--urls", "http://127.0.0.1:0", "--environment", "Production",
            "--Knowledge:DocumentsFolder", Path.Combine(folder, "documents"), "--Knowledge:IndexPath", Path.Combine(folder, "index.db"),
            "--Knowledge:ServeModels", "true", "--Knowledge:ModelPath", model, "--Knowledge:LlamaSharp:Threads", "1", "--Knowledge:LlamaSharp:ContextSize", "512",
            "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information"])
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the sample.");
    }

    private static ChatOptions Options(int tokens, bool remote)
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = tokens };
        if (remote)
        {
            options.RawRepresentationFactory = _ => IgnoreEos();
        }
        else
        {
            options.AdditionalProperties = new() { ["ignore_eos"] = true };
        }

        return options;
    }

    // ignore_eos is the llama.cpp/vLLM extension the server honours; the OpenAI SDK adds unmodelled fields through JsonPatch.
#pragma warning disable SCME0001
    private static ChatCompletionOptions IgnoreEos()
    {
        var options = new ChatCompletionOptions();
        options.Patch.Set("$.ignore_eos"u8, true);
        return options;
    }
#pragma warning restore SCME0001

    private static async Task<double> CompleteAsync(IChatClient client, ChatOptions options, int tokens, CancellationToken cancellationToken)
    {
        long t0 = Stopwatch.GetTimestamp();
        ChatResponse response = await client.GetResponseAsync(s_prompt, options, cancellationToken);
        double elapsed = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        if (response.Usage?.OutputTokenCount != tokens)
        {
            throw new InvalidOperationException($"Expected {tokens} generated tokens, got {response.Usage?.OutputTokenCount}.");
        }

        return elapsed;
    }

    private static async Task<double> FirstTokenAsync(IChatClient client, ChatOptions options, CancellationToken cancellationToken)
    {
        long t0 = Stopwatch.GetTimestamp();
        double first = double.NaN;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(s_prompt, options, cancellationToken))
        {
            if (double.IsNaN(first) && update.Text.Length > 0)
            {
                first = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        }

        return first;
    }

    private static async Task<double> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, string[] sentences, CancellationToken cancellationToken)
    {
        long t0 = Stopwatch.GetTimestamp();
        await generator.GenerateAsync(sentences, cancellationToken: cancellationToken);
        return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    }

    private static string[] Row(string name, List<double> local, List<double> remote) =>
        [name, F(SampleServerOutput.Percentile(local, 0.5)), F(SampleServerOutput.Percentile(local, 0.95)), F(SampleServerOutput.Percentile(remote, 0.5)), F(SampleServerOutput.Percentile(remote, 0.95)), $"{SampleServerOutput.Percentile(remote, 0.5) / SampleServerOutput.Percentile(local, 0.5):0.00}x"];

    private static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);


    private sealed class Samples
    {
        public List<double> LocalCompletion { get; } = [];

        public List<double> RemoteCompletion { get; } = [];

        public List<double> LocalFirstToken { get; } = [];

        public List<double> RemoteFirstToken { get; } = [];

        public List<double> LocalEmbeddings { get; } = [];

        public List<double> RemoteEmbeddings { get; } = [];
    }
}
