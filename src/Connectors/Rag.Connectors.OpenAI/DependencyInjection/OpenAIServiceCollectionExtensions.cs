// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.AI;
using Rag.Connectors.OpenAI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers chat clients and embedding generators for OpenAI-compatible servers.</summary>
public static class OpenAIServiceCollectionExtensions
{
    /// <summary>Registers a singleton <see cref="IChatClient"/> for an OpenAI-compatible server.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options (at least <see cref="OpenAIEndpointOptions.Endpoint"/> and <see cref="OpenAIEndpointOptions.ModelId"/>).</param>
    /// <returns>The service collection.</returns>
    /// <remarks>Nothing is sent here; options are validated when the client is first resolved. See <see cref="OpenAIChatClientFactory.Create"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddOpenAIChatClient(this IServiceCollection services, Action<OpenAIChatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSingleton(_ => CreateChatClient(configure));
        return services;
    }

    /// <summary>Registers a keyed singleton <see cref="IChatClient"/> for an OpenAI-compatible server.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>As <see cref="AddOpenAIChatClient"/>: lazy, thread-safe.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddKeyedOpenAIChatClient(this IServiceCollection services, object? serviceKey, Action<OpenAIChatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddKeyedSingleton(serviceKey, (_, _) => CreateChatClient(configure));
        return services;
    }

    /// <summary>Registers a singleton <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of <see cref="string"/> to <see cref="Embedding{T}"/> of <see cref="float"/> for an OpenAI-compatible server.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options (at least <see cref="OpenAIEndpointOptions.Endpoint"/> and <see cref="OpenAIEndpointOptions.ModelId"/>).</param>
    /// <returns>The service collection.</returns>
    /// <remarks>Nothing is sent here; options are validated when the generator is first resolved. See <see cref="OpenAIEmbeddingGeneratorFactory.Create"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddOpenAIEmbeddingGenerator(this IServiceCollection services, Action<OpenAIEmbeddingGeneratorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSingleton(_ => CreateEmbeddingGenerator(configure));
        return services;
    }

    /// <summary>Registers a keyed singleton embedding generator for an OpenAI-compatible server.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>As <see cref="AddOpenAIEmbeddingGenerator"/>: lazy, thread-safe.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddKeyedOpenAIEmbeddingGenerator(this IServiceCollection services, object? serviceKey, Action<OpenAIEmbeddingGeneratorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddKeyedSingleton(serviceKey, (_, _) => CreateEmbeddingGenerator(configure));
        return services;
    }

    private static IChatClient CreateChatClient(Action<OpenAIChatOptions> configure)
    {
        var options = new OpenAIChatOptions();
        configure(options);
        return OpenAIChatClientFactory.Create(options);
    }

    private static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(Action<OpenAIEmbeddingGeneratorOptions> configure)
    {
        var options = new OpenAIEmbeddingGeneratorOptions();
        configure(options);
        return OpenAIEmbeddingGeneratorFactory.Create(options);
    }
}
