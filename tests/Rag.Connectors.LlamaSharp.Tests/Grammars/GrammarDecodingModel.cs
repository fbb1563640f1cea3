// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using LLama.Sampling;
using Rag.TestUtilities;

namespace Rag.Connectors.LlamaSharp.Tests;

/// <summary>
/// The tiny real model (stories260K.gguf) through bare LLamaSharp, shared by the decoding tests of one class.
/// It knows nothing of JSON or tools: whatever shape its output has comes from the grammar.
/// </summary>
public sealed class GrammarDecodingModel : IDisposable
{
    private readonly Lazy<(LLamaWeights Weights, ModelParams Parameters)> _model = new(Load);

    /// <summary>Decodes a continuation of <paramref name="prompt"/> under <paramref name="gbnf"/>.</summary>
    /// <returns>The text, the number of tokens sampled, and whether generation ended by itself (not by the token cap).</returns>
    public async Task<Generation> GenerateAsync(string prompt, string gbnf, uint seed, int maxTokens, CancellationToken cancellationToken = default)
    {
        (LLamaWeights weights, ModelParams parameters) = _model.Value;
        var executor = new StatelessExecutor(weights, parameters);
        using var pipeline = new DefaultSamplingPipeline
        {
            Grammar = new Grammar(gbnf, "root"),
            Seed = seed,
            Temperature = 1.0f,
        };
        var inference = new InferenceParams { MaxTokens = maxTokens, SamplingPipeline = pipeline };
        var text = new StringBuilder();
        int tokens = 0;
        await foreach (string piece in executor.InferAsync(prompt, inference, cancellationToken))
        {
            text.Append(piece);
            tokens++;
        }

        return new Generation(text.ToString(), tokens, tokens < maxTokens);
    }

    public void Dispose()
    {
        if (_model.IsValueCreated)
        {
            _model.Value.Weights.Dispose();
        }
    }

    private static (LLamaWeights, ModelParams) Load()
    {
        string path = TestEnvironment.RequireResource(TestEnvironment.TinyLlamaModelPath);
        NativeLogConfig.llama_log_set((level, message) => { });
        var parameters = new ModelParams(path) { ContextSize = 512, GpuLayerCount = 0, Threads = 1, BatchThreads = 1 };
        return (LLamaWeights.LoadFromFile(parameters), parameters);
    }
}
