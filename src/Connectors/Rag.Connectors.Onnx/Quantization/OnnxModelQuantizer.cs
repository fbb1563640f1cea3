// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Onnx;

namespace Rag.Connectors.Onnx;

/// <summary>
/// Quantizes BERT-style ONNX embedding models to int8 in .NET: MatMuls with constant weights become ONNX Runtime's
/// <c>com.microsoft</c> <c>DynamicQuantizeMatMul</c> over per-column symmetric int8 weights (activations are quantized
/// per batch at run time), with the following bias folded in; the output is kept only if its embeddings stay close to
/// the input model's.
/// </summary>
public static class OnnxModelQuantizer
{
    private static readonly string[] s_probes =
    [
        "a", "ok", "yes", "no", "hello", "thanks", "cat", "Paris", "COVID-19", "2024",
        "machine learning", "vacation policy", "reset password", "blood pressure",
        "How many vacation days do new employees get?",
        "What is the capital of Australia?",
        "does vitamin D reduce the risk of fractures",
        "Represent this sentence for searching relevant passages: side effects of statins",
        "The quick brown fox jumps over the lazy dog.",
        "Employees accrue fifteen days of paid vacation in their first year.",
        "The mitochondria is the powerhouse of the cell.",
        "Quarterly revenue grew by 12% compared with the same period last year.",
        "SQLite stores the whole database in a single file on disk.",
        "It rained all weekend, so the football match was postponed until Tuesday.",
        "A transformer encoder maps a sequence of tokens to contextual vectors, which are pooled into one embedding per sentence.",
        "Install the package, then call the builder's UseOnnxEmbeddings method; the model loads on the first embedding.",
        "Randomized controlled trials showed that daily aspirin reduced the incidence of myocardial infarction in men over fifty, "
            + "but increased the risk of gastrointestinal bleeding; the net benefit depended on baseline cardiovascular risk.",
        "The enzyme catalyses the phosphorylation of glucose to glucose-6-phosphate, the first step of glycolysis, and is inhibited "
            + "by its own product. Mutations that reduce its activity cause a mild, stable fasting hyperglycaemia.",
        "To rotate the signing keys, create a new key pair, publish the public key, wait for caches to expire, then switch the "
            + "signer and retire the old key after every token it signed has expired.",
        "Le chat dort sur le canapé pendant que la pluie tombe.",
        "Die Katze schläft auf dem Sofa.",
        "E = mc^2 relates mass and energy.",
        "https://example.com/docs/getting-started?lang=en",
        "ERROR 0x80070005: access denied while opening C:\\data\\index.db",
        "1, 2, 3, 4, 5, 6, 7, 8, 9, 10",
        "!!!",
    ];

    /// <summary>Gets the built-in probe sentences used by the quality gate: words, short queries, sentences and passages.</summary>
    public static IReadOnlyList<string> DefaultProbeSentences => s_probes;

    /// <summary>Quantizes an ONNX embedding model, checks the result against the input and writes it.</summary>
    /// <param name="inputPath">The fp32 ONNX model (BERT-style: inputs <c>input_ids</c>, <c>attention_mask</c>, optionally <c>token_type_ids</c>).</param>
    /// <param name="outputPath">Where the quantized model is written; replaced if it exists. Written only when the quality gate passes.</param>
    /// <param name="options">What to quantize and the quality gate; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The figures: nodes rewritten, file sizes and the cosine similarity to the input model.</returns>
    /// <exception cref="ArgumentException">A path is empty, or both paths name the same file.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">The input model or its vocabulary does not exist.</exception>
    /// <exception cref="InvalidDataException">The input is not a readable ONNX model, or the quantized model does not load.</exception>
    /// <exception cref="OnnxQuantizationException">The quantized model's embeddings are further from the input model's than the thresholds allow; its figures are attached.</exception>
    /// <exception cref="OperationCanceledException">The operation was canceled.</exception>
    /// <remarks>
    /// The work is CPU-bound and runs on the calling thread apart from file I/O; a BERT-small model takes a few seconds.
    /// The output needs ONNX Runtime's contrib operators (present in the standard CPU and GPU packages).
    /// </remarks>
    public static async Task<OnnxQuantizationReport> QuantizeAsync(
        string inputPath, string outputPath, OnnxQuantizationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        options ??= new OnnxQuantizationOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WeightBits, 2, "options.WeightBits");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.WeightBits, 8, "options.WeightBits");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Float16MinElements, 1, "options.Float16MinElements");
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpNumThreads, "options.IntraOpNumThreads");
        if (!(options.MinMeanCosine is >= -1 and <= 1))
        {
            throw new ArgumentOutOfRangeException("options.MinMeanCosine", options.MinMeanCosine, "A cosine threshold lies in [-1, 1].");
        }

        if (!(options.MinCosine is >= -1 and <= 1))
        {
            throw new ArgumentOutOfRangeException("options.MinCosine", options.MinCosine, "A cosine threshold lies in [-1, 1].");
        }

        IReadOnlyList<string> probes = options.ProbeSentences ?? s_probes;
        if (probes.Count == 0 || probes.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("The probe sentences must be non-empty text, and at least one.", nameof(options));
        }

        inputPath = Path.GetFullPath(inputPath);
        outputPath = Path.GetFullPath(outputPath);
        if (string.Equals(inputPath, outputPath, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The output path must differ from the input path.", nameof(outputPath));
        }

        if (!File.Exists(inputPath))
        {
            throw new FileNotFoundException($"The ONNX model to quantize was not found: '{inputPath}'.", inputPath);
        }

        string vocabularyPath = Path.GetFullPath(options.VocabularyPath ?? Path.Combine(Path.GetDirectoryName(inputPath)!, "vocab.txt"));
        if (!File.Exists(vocabularyPath))
        {
            throw new FileNotFoundException($"The vocabulary used to embed the probe sentences was not found: '{vocabularyPath}'. Set OnnxQuantizationOptions.VocabularyPath.", vocabularyPath);
        }

        string directory = Path.GetDirectoryName(outputPath)!;
        Directory.CreateDirectory(directory);
        string temporaryPath = TemporaryPathFor(outputPath);
        try
        {
            long started = Stopwatch.GetTimestamp();
            (GraphRewriteCounts counts, long inputBytes) = await RewriteToFileAsync(inputPath, temporaryPath, options, cancellationToken).ConfigureAwait(false);
            TimeSpan rewriteTime = Stopwatch.GetElapsedTime(started);

            // Validate.
            started = Stopwatch.GetTimestamp();
            (double mean, double min, int worst) = await CompareAsync(inputPath, temporaryPath, vocabularyPath, options, probes, cancellationToken).ConfigureAwait(false);
            var report = new OnnxQuantizationReport
            {
                MatMulsQuantized = counts.MatMulsQuantized,
                BiasesFolded = counts.BiasesFolded,
                MatMulsKeptFloat32 = counts.MatMulsKeptFloat32,
                InitializersStoredAsFloat16 = counts.InitializersStoredAsFloat16,
                ValuesClampedToFloat16 = counts.ValuesClampedToFloat16,
                InputBytes = inputBytes,
                OutputBytes = new FileInfo(temporaryPath).Length,
                ProbeCount = probes.Count,
                MeanCosine = mean,
                MinCosine = min,
                WorstProbe = probes[worst],
                RewriteTime = rewriteTime,
                ValidationTime = Stopwatch.GetElapsedTime(started),
            };

            if (mean < options.MinMeanCosine || min < options.MinCosine)
            {
                throw new OnnxQuantizationException(
                    $"The quantized model of '{inputPath}' was refused: its embeddings have a cosine similarity to the input model's of "
                    + $"{mean:F5} on average (required {options.MinMeanCosine:F5}) and {min:F5} at worst (required {options.MinCosine:F5}, on '{probes[worst]}') "
                    + $"over {probes.Count} probe sentences. Keep sensitive layers in fp32 (OnnxQuantizationOptions.KeepFloat32) or use the fp32 model.",
                    report);
            }

            File.Move(temporaryPath, outputPath, overwrite: true);
            return report;
        }
        finally
        {
            File.Delete(temporaryPath);
        }
    }

    /// <summary>
    /// Rewrites a model into int8 and writes it, without running either model: the output's bytes depend only on the
    /// input's bytes and the options, never on the machine. The built-in models' build uses it; the quality gate is a test.
    /// </summary>
    internal static async Task<GraphRewriteCounts> RewriteAsync(string inputPath, string outputPath, OnnxQuantizationOptions options, CancellationToken cancellationToken)
    {
        inputPath = Path.GetFullPath(inputPath);
        outputPath = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        string temporaryPath = TemporaryPathFor(outputPath);
        try
        {
            (GraphRewriteCounts counts, _) = await RewriteToFileAsync(inputPath, temporaryPath, options, cancellationToken).ConfigureAwait(false);
            File.Move(temporaryPath, outputPath, overwrite: true);
            return counts;
        }
        finally
        {
            File.Delete(temporaryPath);
        }
    }

    private static string TemporaryPathFor(string outputPath) =>
        Path.Combine(Path.GetDirectoryName(outputPath)!, $".{Path.GetFileName(outputPath)}.{Guid.NewGuid():N}.tmp");

    private static async Task<(GraphRewriteCounts Counts, long InputBytes)> RewriteToFileAsync(
        string inputPath, string outputPath, OnnxQuantizationOptions options, CancellationToken cancellationToken)
    {
        byte[] input = await File.ReadAllBytesAsync(inputPath, cancellationToken).ConfigureAwait(false);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(input);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException($"'{inputPath}' is not a readable ONNX model: {ex.Message}", ex);
        }

        GraphRewriteCounts counts = OnnxGraphQuantizer.Rewrite(model, options, cancellationToken);
        if (counts.MatMulsQuantized == 0 && counts.InitializersStoredAsFloat16 == 0)
        {
            throw new InvalidDataException($"'{inputPath}' has no MatMul with a constant fp32 weight to quantize (kept in fp32: {counts.MatMulsKeptFloat32}).");
        }

        var stream = new FileStream(outputPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            byte[] bytes = Google.Protobuf.MessageExtensions.ToByteArray(model);
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        return (counts, input.LongLength);
    }

    private static async Task<(double Mean, double Min, int Worst)> CompareAsync(
        string inputPath, string outputPath, string vocabularyPath, OnnxQuantizationOptions options, IReadOnlyList<string> probes,
        CancellationToken cancellationToken)
    {
        float[][] expected = await EmbedAsync(inputPath, vocabularyPath, options, probes, cancellationToken).ConfigureAwait(false);
        float[][] actual = await EmbedAsync(outputPath, vocabularyPath, options, probes, cancellationToken).ConfigureAwait(false);
        double sum = 0;
        double min = double.MaxValue;
        int worst = 0;
        for (int i = 0; i < probes.Count; i++)
        {
            double cosine = TensorPrimitives.CosineSimilarity(expected[i], actual[i]);
            if (double.IsNaN(cosine))
            {
                cosine = -1;
            }

            sum += cosine;
            if (cosine < min)
            {
                (min, worst) = (cosine, i);
            }
        }

        return (sum / probes.Count, min, worst);
    }

    private static async Task<float[][]> EmbedAsync(
        string modelPath, string vocabularyPath, OnnxQuantizationOptions options, IReadOnlyList<string> probes, CancellationToken cancellationToken)
    {
        using BertOnnxEmbeddingGenerator generator = OnnxEmbeddingGenerator.CreateCore(
            new OnnxEmbeddingGeneratorOptions
            {
                ModelPath = modelPath,
                VocabularyPath = vocabularyPath,
                Pooling = options.Pooling,
                IntraOpNumThreads = options.IntraOpNumThreads,
            },
            null);
        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(probes, null, cancellationToken).ConfigureAwait(false);
        return [.. embeddings.Select(e => e.Vector.ToArray())];
    }
}
