// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using System.Threading;
using Microsoft.ML.OnnxRuntime;

namespace Rag.Connectors.Onnx;

/// <summary>An ONNX Runtime session over a BERT-style encoder: runs padded batches and pools them into vectors.</summary>
/// <remarks>Thread-safe: <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/> is, and each call owns its buffers.</remarks>
internal sealed class BertOnnxSession : IDisposable
{
    private const string InputIdsName = "input_ids";
    private const string AttentionMaskName = "attention_mask";
    private const string TokenTypeIdsName = "token_type_ids";

    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _outputIsPooled;
    private readonly EmbeddingPooling _pooling;
    private readonly bool _normalize;

    public BertOnnxSession(EmbeddingModelDefinition definition, EmbeddingPooling pooling, bool normalize, int intraOpNumThreads)
    {
        _pooling = pooling;
        _normalize = normalize;
        using SessionOptions sessionOptions = OnnxRuntimeNative.CreateSessionOptions();
        sessionOptions.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
        sessionOptions.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
        sessionOptions.IntraOpNumThreads = intraOpNumThreads;
        sessionOptions.InterOpNumThreads = 1;

        try
        {
            // From the file: ONNX Runtime reads it natively; the model's bytes never pass through managed memory.
            _session = new InferenceSession(definition.ModelPath, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"Could not load the ONNX embedding model '{definition.Source}' ('{definition.ModelPath}'): {ex.Message}", ex);
        }

        try
        {
            IReadOnlyDictionary<string, NodeMetadata> inputs = _session.InputMetadata;
            if (!inputs.ContainsKey(InputIdsName) || !inputs.ContainsKey(AttentionMaskName))
            {
                throw new InvalidDataException($"The ONNX model '{definition.Source}' is not a BERT-style encoder: it needs inputs '{InputIdsName}' and '{AttentionMaskName}', and has {string.Join(", ", inputs.Keys)}.");
            }

            string[] unknown = [.. inputs.Keys.Where(k => k is not (InputIdsName or AttentionMaskName or TokenTypeIdsName))];
            if (unknown.Length > 0)
            {
                throw new InvalidDataException($"The ONNX model '{definition.Source}' has inputs this connector cannot feed: {string.Join(", ", unknown)}.");
            }

            _inputNames = inputs.ContainsKey(TokenTypeIdsName) ? [InputIdsName, AttentionMaskName, TokenTypeIdsName] : [InputIdsName, AttentionMaskName];

            IReadOnlyDictionary<string, NodeMetadata> outputs = _session.OutputMetadata;
            string output = outputs.ContainsKey("last_hidden_state") ? "last_hidden_state" : outputs.Keys.First();
            int[] shape = outputs[output].Dimensions;
            _outputIsPooled = shape.Length == 2;
            if (shape.Length is not (2 or 3) || shape[^1] <= 0)
            {
                throw new InvalidDataException($"The ONNX model '{definition.Source}' output '{output}' has shape [{string.Join(", ", shape)}]; expected [batch, tokens, hidden] or [batch, hidden].");
            }

            _outputNames = [output];
            Dimensions = shape[^1];
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>Gets the vector length.</summary>
    public int Dimensions { get; }

    /// <summary>Runs one batch and writes each input's pooled (and optionally normalised) vector.</summary>
    /// <param name="batch">The encoded inputs (each starting with [CLS] and ending with [SEP]).</param>
    /// <param name="vectors">One destination per input, each <see cref="Dimensions"/> long.</param>
    /// <param name="releaseMemory">
    /// Whether to hand the CPU arena's free regions back at the end of the run (the last batch of a call): without it, one
    /// batch of long inputs keeps its activations (hundreds of MiB for 32 × 512 tokens) for the life of the process.
    /// </param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests; it also aborts a running batch.</param>
    public void Run(IReadOnlyList<int[]> batch, IReadOnlyList<float[]> vectors, bool releaseMemory, CancellationToken cancellationToken)
    {
        int batchSize = batch.Count;
        int length = 0;
        foreach (int[] ids in batch)
        {
            length = Math.Max(length, ids.Length);
        }

        int cells = batchSize * length;
        long[] inputIds = ArrayPool<long>.Shared.Rent(cells);
        long[] attentionMask = ArrayPool<long>.Shared.Rent(cells);
        long[] tokenTypeIds = ArrayPool<long>.Shared.Rent(cells);
        try
        {
            Array.Clear(inputIds, 0, cells);
            Array.Clear(attentionMask, 0, cells);
            Array.Clear(tokenTypeIds, 0, cells);
            for (int b = 0; b < batchSize; b++)
            {
                int[] ids = batch[b];
                Span<long> row = inputIds.AsSpan(b * length, ids.Length);
                for (int t = 0; t < ids.Length; t++)
                {
                    row[t] = ids[t];
                }

                attentionMask.AsSpan(b * length, ids.Length).Fill(1);
            }

            long[] shape = [batchSize, length];
            using OrtValue idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputIds.AsMemory(0, cells), shape);
            using OrtValue maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, attentionMask.AsMemory(0, cells), shape);
            using OrtValue typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tokenTypeIds.AsMemory(0, cells), shape);
            OrtValue[] inputs = _inputNames.Length == 3 ? [idsValue, maskValue, typesValue] : [idsValue, maskValue];

            using var runOptions = new RunOptions();
            if (releaseMemory)
            {
                runOptions.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
            }
            using CancellationTokenRegistration registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
            IDisposableReadOnlyCollection<OrtValue> outputs;
            try
            {
                outputs = _session.Run(runOptions, _inputNames, inputs, _outputNames);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            using (outputs)
            {
                Pool(outputs[0].GetTensorDataAsSpan<float>(), batch, length, vectors);
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(inputIds);
            ArrayPool<long>.Shared.Return(attentionMask);
            ArrayPool<long>.Shared.Return(tokenTypeIds);
        }
    }

    public void Dispose() => _session.Dispose();

    private void Pool(ReadOnlySpan<float> hidden, IReadOnlyList<int[]> batch, int length, IReadOnlyList<float[]> vectors)
    {
        int dimensions = Dimensions;
        for (int b = 0; b < batch.Count; b++)
        {
            Span<float> vector = vectors[b];
            if (_outputIsPooled)
            {
                hidden.Slice(b * dimensions, dimensions).CopyTo(vector);
            }
            else
            {
                ReadOnlySpan<float> sequence = hidden.Slice(b * length * dimensions, length * dimensions);
                if (_pooling == EmbeddingPooling.Cls)
                {
                    sequence[..dimensions].CopyTo(vector);
                }
                else
                {
                    int tokens = batch[b].Length;
                    sequence[..dimensions].CopyTo(vector);
                    for (int t = 1; t < tokens; t++)
                    {
                        TensorPrimitives.Add(vector, sequence.Slice(t * dimensions, dimensions), vector);
                    }

                    TensorPrimitives.Multiply(vector, 1f / tokens, vector);
                }
            }

            if (_normalize)
            {
                float norm = TensorPrimitives.Norm(vector);
                TensorPrimitives.Multiply(vector, 1f / MathF.Max(norm, 1e-12f), vector);
            }
        }
    }
}
