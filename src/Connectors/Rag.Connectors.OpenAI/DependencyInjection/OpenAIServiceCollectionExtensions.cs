// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Rag;
using Rag.Connectors.OpenAI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers chat clients and embedding generators for OpenAI-compatible servers.</summary>
/// <remarks>
/// The options are <see cref="IOptions{TOptions}"/>: the callback and any <c>services.Configure&lt;T&gt;</c> run in order when
/// the client is first resolved (a keyed client's are the named options whose name is the key's text), then the options'
/// own <c>Validate()</c>; an invalid value throws an <see cref="OptionsValidationException"/> naming the field. Nothing is sent here.
/// </remarks>
public static class OpenAIServiceCollectionExtensions
{
    /// <summary>Registers a singleton <see cref="IChatClient"/> for an OpenAI-compatible server.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options (at least <see cref="OpenAIEndpointOptions.Endpoint"/> and <see cref="OpenAIEndpointOptions.ModelId"/>).</param>
    /// <returns>The Microsoft.Extensions.AI builder of the registered client, for middleware (<c>UseOpenTelemetry()</c>, <c>UseLogging()</c>, <c>Use(...)</c>).</returns>
    /// <remarks>Lazy and thread-safe; see <see cref="OpenAIChatClientFactory.Create"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder AddOpenAIChatClient(this IServiceCollection services, Action<OpenAIChatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddValidatedOptions(configure, static o => o.Validate());
        return services.AddChatClient(sp => OpenAIChatClientFactory.Create(sp.Resolve<OpenAIChatOptions>(null)));
    }

    /// <summary>Registers a keyed singleton <see cref="IChatClient"/> for an OpenAI-compatible server.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The Microsoft.Extensions.AI builder of the keyed client, for middleware.</returns>
    /// <remarks>As <see cref="AddOpenAIChatClient"/>: lazy, thread-safe.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="serviceKey"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder AddKeyedOpenAIChatClient(this IServiceCollection services, object serviceKey, Action<OpenAIChatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddValidatedOptions(configure, static o => o.Validate(), serviceKey);
        return services.AddKeyedChatClient(serviceKey, sp => OpenAIChatClientFactory.Create(sp.Resolve<OpenAIChatOptions>(serviceKey)));
    }

    /// <summary>Registers a singleton <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of <see cref="string"/> to <see cref="Embedding{T}"/> of <see cref="float"/> for an OpenAI-compatible server.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options (at least <see cref="OpenAIEndpointOptions.Endpoint"/> and <see cref="OpenAIEndpointOptions.ModelId"/>).</param>
    /// <returns>The Microsoft.Extensions.AI builder of the registered generator, for middleware.</returns>
    /// <remarks>Lazy and thread-safe; see <see cref="OpenAIEmbeddingGeneratorFactory.Create"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddOpenAIEmbeddingGenerator(this IServiceCollection services, Action<OpenAIEmbeddingGeneratorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddValidatedOptions(configure, static o => o.Validate());
        return services.AddEmbeddingGenerator(sp => OpenAIEmbeddingGeneratorFactory.Create(sp.Resolve<OpenAIEmbeddingGeneratorOptions>(null)));
    }

    /// <summary>Registers a keyed singleton embedding generator for an OpenAI-compatible server.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The Microsoft.Extensions.AI builder of the keyed generator, for middleware.</returns>
    /// <remarks>As <see cref="AddOpenAIEmbeddingGenerator"/>: lazy, thread-safe.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="serviceKey"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedOpenAIEmbeddingGenerator(this IServiceCollection services, object serviceKey, Action<OpenAIEmbeddingGeneratorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddValidatedOptions(configure, static o => o.Validate(), serviceKey);
        return services.AddKeyedEmbeddingGenerator(serviceKey, sp => OpenAIEmbeddingGeneratorFactory.Create(sp.Resolve<OpenAIEmbeddingGeneratorOptions>(serviceKey)));
    }
}
