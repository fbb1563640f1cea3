// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rag;
using Rag.Connectors.Onnx;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ONNX embedding generator in a service collection.</summary>
public static class OnnxEmbeddingServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of <see cref="string"/> to
    /// <see cref="Embedding{T}"/> of <see cref="float"/> (and its <see cref="ITokenCounter"/>) over ONNX Runtime;
    /// with no configuration, over the built-in all-MiniLM-L6-v2 model (package Rag.Connectors.Onnx.Models.MiniLM).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> for the defaults.</param>
    /// <returns>
    /// The Microsoft.Extensions.AI builder of the registered generator: add middleware to it (<c>UseOpenTelemetry()</c>,
    /// <c>UseLogging()</c>, <c>UseDistributedCache()</c>, <c>Use(...)</c> with your own <see cref="DelegatingEmbeddingGenerator{TInput, TEmbedding}"/>).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Nothing is loaded here: the options are <see cref="IOptions{TOptions}"/> (<paramref name="configure"/> and any
    /// <c>services.Configure&lt;OnnxEmbeddingGeneratorOptions&gt;</c> run in order when the generator is first resolved, then
    /// <see cref="OnnxEmbeddingGeneratorOptions.Validate"/>, an invalid value throwing an <see cref="OptionsValidationException"/>),
    /// and the model loads when it first embeds. The generator is thread-safe. See <see cref="OnnxEmbeddingGenerator.Create"/>. The
    /// <see cref="ITokenCounter"/> is the model's own, outside the middleware.
    /// </remarks>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddOnnxEmbeddingGenerator(this IServiceCollection services, Action<OnnxEmbeddingGeneratorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions(configure, static o => o.Validate());
        services.AddSingleton(sp => Create(sp, null));
        services.AddSingleton<ITokenCounter>(sp => sp.GetRequiredService<BertOnnxEmbeddingGenerator>());
        return services.AddEmbeddingGenerator<string, Embedding<float>>(sp => sp.GetRequiredService<BertOnnxEmbeddingGenerator>());
    }

    /// <summary>Registers a keyed singleton ONNX embedding generator (and its keyed <see cref="ITokenCounter"/>), for apps that use several models.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key to resolve it with.</param>
    /// <param name="configure">Sets the options; <see langword="null"/> for the defaults.</param>
    /// <returns>The Microsoft.Extensions.AI builder of the keyed generator, for middleware.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="serviceKey"/> is <see langword="null"/>.</exception>
    /// <remarks>Lazy and thread-safe, as <see cref="AddOnnxEmbeddingGenerator"/>; the options are the named options whose
    /// name is the key's text (<c>services.Configure&lt;OnnxEmbeddingGeneratorOptions&gt;(name, …)</c>).</remarks>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedOnnxEmbeddingGenerator(this IServiceCollection services, object serviceKey, Action<OnnxEmbeddingGeneratorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        services.AddValidatedOptions(configure, static o => o.Validate(), serviceKey);
        services.AddKeyedSingleton(serviceKey, (sp, key) => Create(sp, key));
        services.AddKeyedSingleton<ITokenCounter>(serviceKey, (sp, key) => sp.GetRequiredKeyedService<BertOnnxEmbeddingGenerator>(key));
        return services.AddKeyedEmbeddingGenerator<string, Embedding<float>>(serviceKey, sp => sp.GetRequiredKeyedService<BertOnnxEmbeddingGenerator>(serviceKey));
    }

    /// <summary>
    /// Registers the built-in embedding ensemble (snowflake-arctic-embed-xs int8 + all-MiniLM-L6-v2, see
    /// <see cref="OnnxEmbeddingGenerator.CreateEnsemble"/>) as a singleton <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>
    /// of <see cref="string"/> to <see cref="Embedding{T}"/> of <see cref="float"/>, with its <see cref="ITokenCounter"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The Microsoft.Extensions.AI builder of the registered generator, for middleware.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Lazy and thread-safe, as <see cref="AddOnnxEmbeddingGenerator"/>. Ingestion embeds every chunk with both models
    /// (about 1.5 times the time of MiniLM alone, 3 times arctic-embed-xs int8 alone) and the store holds 768-dimensional vectors.
    /// </remarks>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddOnnxEmbeddingEnsemble(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => OnnxEmbeddingGenerator.CreateEnsembleCore(sp.GetService<ILoggerFactory>()));
        services.AddSingleton<ITokenCounter>(sp => sp.GetRequiredService<CombinedEmbeddingGenerator>().GetRequiredService<ITokenCounter>());
        return services.AddEmbeddingGenerator<string, Embedding<float>>(sp => sp.GetRequiredService<CombinedEmbeddingGenerator>());
    }

    /// <summary>Registers the built-in embedding ensemble as a keyed singleton (and its keyed <see cref="ITokenCounter"/>), for apps that use several models.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key to resolve it with.</param>
    /// <returns>The Microsoft.Extensions.AI builder of the keyed generator, for middleware.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="serviceKey"/> is <see langword="null"/>.</exception>
    /// <remarks>Lazy and thread-safe, as <see cref="AddOnnxEmbeddingEnsemble"/>.</remarks>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedOnnxEmbeddingEnsemble(this IServiceCollection services, object serviceKey)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        services.AddKeyedSingleton(serviceKey, (sp, _) => OnnxEmbeddingGenerator.CreateEnsembleCore(sp.GetService<ILoggerFactory>()));
        services.AddKeyedSingleton<ITokenCounter>(serviceKey, (sp, key) => sp.GetRequiredKeyedService<CombinedEmbeddingGenerator>(key).GetRequiredService<ITokenCounter>());
        return services.AddKeyedEmbeddingGenerator<string, Embedding<float>>(serviceKey, sp => sp.GetRequiredKeyedService<CombinedEmbeddingGenerator>(serviceKey));
    }

    private static BertOnnxEmbeddingGenerator Create(IServiceProvider services, object? serviceKey) =>
        OnnxEmbeddingGenerator.CreateCore(services.Resolve<OnnxEmbeddingGeneratorOptions>(serviceKey), services.GetService<ILoggerFactory>());
}
