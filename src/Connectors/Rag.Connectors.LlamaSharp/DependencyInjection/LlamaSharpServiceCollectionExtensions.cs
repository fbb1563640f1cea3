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
    /// <returns>
    /// The Microsoft.Extensions.AI builder of the registered client: add middleware to it (<c>UseOpenTelemetry()</c>,
    /// <c>UseLogging()</c>, <c>UseDistributedCache()</c>, <c>Use(...)</c> with your own <see cref="DelegatingChatClient"/>).
    /// </returns>
    /// <remarks>
    /// Nothing is loaded here: options are validated when the client is first resolved and the model loads on first use.
    /// The client is thread-safe; see <see cref="LlamaSharpChatOptions.MaxConcurrentRequests"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder AddLlamaSharpChatClient(this IServiceCollection services, Action<LlamaSharpChatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddChatClient(sp => Create(sp, configure));
    }

    /// <summary>Registers a keyed singleton <see cref="IChatClient"/> over a local GGUF model.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The Microsoft.Extensions.AI builder of the keyed client, for middleware.</returns>
    /// <remarks>As <see cref="AddLlamaSharpChatClient"/>: lazy, thread-safe.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="serviceKey"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder AddKeyedLlamaSharpChatClient(this IServiceCollection services, object serviceKey, Action<LlamaSharpChatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddKeyedChatClient(serviceKey, sp => Create(sp, configure));
    }

    private static IChatClient Create(IServiceProvider services, Action<LlamaSharpChatOptions> configure)
    {
        var options = new LlamaSharpChatOptions();
        configure(options);
        return LlamaSharpChatClientFactory.Create(options, services.GetService<ILoggerFactory>());
    }
}
