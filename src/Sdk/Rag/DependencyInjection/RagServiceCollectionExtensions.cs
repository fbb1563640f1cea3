// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Linq;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Rag;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Rag SDK in a service collection.</summary>
public static class RagServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="KnowledgeBase"/>, the <see cref="DocumentIngestor"/> with its <see cref="DocumentReaderRegistry"/>
    /// (built-in readers plus every <see cref="IDocumentReader"/> in the container, such as those <c>UsePdfReader()</c> adds),
    /// the <see cref="DocumentQaPlugin"/> and the plugin as a <see cref="KernelPlugin"/> (so a kernel built from the container sees it),
    /// all as singletons.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; <see langword="null"/> keeps the defaults.</param>
    /// <returns>A <see cref="RagBuilder"/> that connector packages extend (<c>UseOnnxEmbeddings</c>, <c>UseSqliteStore</c>, <c>UseLlamaSharp</c>…).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Nothing is created during registration. The options are <see cref="IOptions{TOptions}"/>: every <c>AddRag</c> callback
    /// (and <c>services.Configure&lt;RagOptions&gt;</c>) runs in order when the options are first resolved, so calls compose
    /// instead of the first one winning; the default <see cref="IngestionOptions"/> are configured the same way
    /// (<see cref="ConfigureIngestion"/>). The <see cref="KnowledgeBase"/> resolves the <see cref="KnowledgeStore"/> and the
    /// <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> when it is first resolved, and the optional
    /// <see cref="IChatClient"/> only when the first question needs it (without one, answers are extractive). Options are
    /// validated when first resolved (<see cref="RagOptions.Validate"/>, <see cref="IngestionOptions.Validate"/>): a value out of
    /// range throws an <see cref="OptionsValidationException"/> naming the field and its allowed range.
    /// </remarks>
    public static RagBuilder AddRag(this IServiceCollection services, Action<RagOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions(configure, static o => o.Validate());
        services.AddValidatedOptions<IngestionOptions>(null, static o => o.Validate());
        bool firstCall = !services.Any(d => d.ServiceType == typeof(KnowledgeBase));

        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<RagOptions>>().Value);
        services.TryAddSingleton(sp => new KnowledgeBase(
            sp.GetRequiredService<KnowledgeStore>(),
            sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            () => sp.GetService<IChatClient>(),
            sp.GetRequiredService<RagOptions>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(sp => new DocumentReaderRegistry(sp.GetServices<IDocumentReader>()));
        services.TryAddSingleton(sp => new DocumentIngestor(
            sp.GetRequiredService<KnowledgeStore>(),
            sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetRequiredService<DocumentReaderRegistry>(),
            sp.GetRequiredService<IOptions<IngestionOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<DocumentIngestor>>()));
        services.TryAddSingleton(sp => new DocumentQaPlugin(sp.GetRequiredService<KnowledgeBase>()));
        if (firstCall)
        {
            services.AddSingleton(sp => KernelPluginFactory.CreateFromObject(
                sp.GetRequiredService<DocumentQaPlugin>(),
                sp.GetRequiredService<RagOptions>().PluginName,
                sp.GetService<ILoggerFactory>()));
        }

        return new RagBuilder(services);
    }

    /// <summary>
    /// Configures the default <see cref="IngestionOptions"/> of the registered <see cref="DocumentIngestor"/> (used by syncs
    /// that pass no options). Same as <c>services.Configure&lt;IngestionOptions&gt;(configure)</c>; calls compose in order.
    /// </summary>
    /// <param name="builder">The Rag builder.</param>
    /// <param name="configure">Configures the options when the ingestor is first resolved.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static RagBuilder ConfigureIngestion(this RagBuilder builder, Action<IngestionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
