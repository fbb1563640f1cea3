// Copyright (c) Rag contributors. Licensed under the MIT License.

using Microsoft.Extensions.AI;

namespace Rag.TestUtilities;

/// <summary>
/// A scripted embedding generator for unit tests (Microsoft.Extensions.AI's TestEmbeddingGenerator style): behaviour
/// comes from callbacks, and every call's options are recorded. Never a stand-in for a real model in tests that claim retrieval quality.
/// </summary>
public sealed class TestEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Gets the options of every <see cref="GenerateAsync"/> call, in order.</summary>
    public List<EmbeddingGenerationOptions?> ReceivedOptions { get; } = [];

    /// <summary>Gets or sets the callback producing the embeddings.</summary>
    public Func<IReadOnlyList<string>, EmbeddingGenerationOptions?, CancellationToken, Task<GeneratedEmbeddings<Embedding<float>>>>? GenerateAsyncCallback { get; set; }

    /// <summary>Gets or sets the services returned by <see cref="GetService"/> (for example an <see cref="ITokenCounter"/>).</summary>
    public Func<Type, object?, object?>? GetServiceCallback { get; set; }

    /// <summary>Gets how many times <see cref="Dispose"/> was called.</summary>
    public int DisposeCount { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ReceivedOptions.Add(options);
        return (GenerateAsyncCallback ?? throw new InvalidOperationException("No embeddings scripted."))([.. values], options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        GetServiceCallback?.Invoke(serviceType, serviceKey) ?? (serviceType.IsInstanceOfType(this) ? this : null);

    public void Dispose() => DisposeCount++;
}
