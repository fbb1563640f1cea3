// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Rag.Connectors.LlamaSharp;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the LLamaSharp chat client.</summary>
public static class LlamaSharpServiceCollectionExtensions
{
    /// <summary>Registers a singleton <see cref="IChatClient"/> over a local GGUF model.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// Nothing is loaded here: options are validated when the client is first resolved and the model loads on first use.
    /// The client is thread-safe; see <see cref="LlamaSharpChatOptions.MaxConcurrentRequests"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddLlamaSharpChatClient(this IServiceCollection services, Action<LlamaSharpChatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddSingleton<IChatClient>(sp => Create(sp, configure));
        return services;
    }

    /// <summary>Registers a keyed singleton <see cref="IChatClient"/> over a local GGUF model.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>As <see cref="AddLlamaSharpChatClient"/>: lazy, thread-safe.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection AddKeyedLlamaSharpChatClient(this IServiceCollection services, object? serviceKey, Action<LlamaSharpChatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddKeyedSingleton<IChatClient>(serviceKey, (sp, _) => Create(sp, configure));
        return services;
    }

    private static IChatClient Create(IServiceProvider services, Action<LlamaSharpChatOptions> configure)
    {
        var options = new LlamaSharpChatOptions();
        configure(options);
        return LlamaSharpChatClientFactory.Create(options, services.GetService<ILoggerFactory>());
    }
}
