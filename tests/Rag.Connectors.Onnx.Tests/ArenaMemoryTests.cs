// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Diagnostics;

namespace Rag.Connectors.Onnx.Tests;

/// <summary>Alone in the run: it reads the process's resident memory, which other tests' models would move.</summary>
[CollectionDefinition(nameof(ArenaMemoryTests), DisableParallelization = true)]
public sealed class ArenaMemoryCollection;

[Collection(nameof(ArenaMemoryTests))]
public sealed class ArenaMemoryTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task GenerateAsync_BatchesOfLongInputs_HandsTheActivationMemoryBack()
    {
        // Arrange: a generator of its own, warmed up on short inputs (model weights, JIT, thread pool).
        using BertOnnxEmbeddingGenerator generator = OnnxEmbeddingGenerator.CreateCore(new() { BuiltInModel = BuiltInEmbeddingModel.AllMiniLmL6V2, IntraOpNumThreads = 2 }, null);
        await generator.EmbedAsync(Enumerable.Repeat("a short warm-up sentence", 32));
        long before = ResidentBytes();

        // Act: 128 inputs past the model's sequence length, four full batches of the longest activations.
        string longText = string.Join(' ', Enumerable.Range(0, 1500).Select(i => $"word{i % 97}"));
        float[][] vectors = await generator.EmbedAsync(Enumerable.Repeat(longText, 128));
        long after = ResidentBytes();

        // Assert: without arena shrinkage the process keeps ~500 MiB of activations after this call.
        Assert.Equal(128, vectors.Length);
        Assert.True(after - before < 200 * MiB, $"Resident memory grew {(after - before) / MiB} MiB ({before / MiB} → {after / MiB} MiB) and was not handed back.");
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using Process self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }
}
