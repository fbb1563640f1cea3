// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rag;
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
    /// Nothing is loaded here: the options are <see cref="IOptions{TOptions}"/> (<paramref name="configure"/> and any
    /// <c>services.Configure&lt;LlamaSharpChatOptions&gt;</c> run in order when the client is first resolved, then are
    /// validated, an invalid value throwing an <see cref="OptionsValidationException"/>), and the model loads on first use.
    /// The client is thread-safe; see <see cref="LlamaSharpChatOptions.MaxConcurrentRequests"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder AddLlamaSharpChatClient(this IServiceCollection services, Action<LlamaSharpChatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddValidatedOptions(configure, static o => o.Validate());
        return services.AddChatClient(sp => Create(sp, null));
    }

    /// <summary>Registers a keyed singleton <see cref="IChatClient"/> over a local GGUF model.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The Microsoft.Extensions.AI builder of the keyed client, for middleware.</returns>
    /// <remarks>As <see cref="AddLlamaSharpChatClient"/>: lazy, thread-safe; the options are the named options whose name is
    /// the key's text (<c>services.Configure&lt;LlamaSharpChatOptions&gt;(name, …)</c>).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="serviceKey"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder AddKeyedLlamaSharpChatClient(this IServiceCollection services, object serviceKey, Action<LlamaSharpChatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddValidatedOptions(configure, static o => o.Validate(), serviceKey);
        return services.AddKeyedChatClient(serviceKey, sp => Create(sp, serviceKey));
    }

    private static IChatClient Create(IServiceProvider services, object? serviceKey) =>
        LlamaSharpChatClientFactory.Create(services.Resolve<LlamaSharpChatOptions>(serviceKey), services.GetService<ILoggerFactory>());
}
