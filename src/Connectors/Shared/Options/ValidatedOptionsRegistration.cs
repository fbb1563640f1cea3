// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Rag;

/// <summary>
/// Registers an options type the one way the SDK and its connectors do: as <see cref="IOptions{TOptions}"/> (named options
/// for a keyed service), configured lazily by every registration's callback and any <c>services.Configure&lt;T&gt;</c>, in
/// order, and validated by the type's own <c>Validate()</c> when first resolved.
/// </summary>
internal static class ValidatedOptionsRegistration
{
    /// <summary>Adds the options, the callback and the type's validator (once).</summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">The registration's callback, if any.</param>
    /// <param name="validate">The type's own validation, throwing an <see cref="ArgumentException"/> that names the field.</param>
    /// <param name="serviceKey">The key of a keyed service, whose options are named by <see cref="NameOf"/>; <see langword="null"/> for the default options.</param>
    public static void AddValidatedOptions<TOptions>(this IServiceCollection services, Action<TOptions>? configure, Action<TOptions> validate, object? serviceKey = null)
        where TOptions : class
    {
        OptionsBuilder<TOptions> options = services.AddOptions<TOptions>(NameOf(serviceKey));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new SelfValidatingOptions<TOptions>(validate)));
    }

    /// <summary>The options name of a service: the default name, or a key's text (a string key is its own name).</summary>
    public static string NameOf(object? serviceKey) => serviceKey is null ? Options.DefaultName : serviceKey as string ?? serviceKey.ToString() ?? string.Empty;

    /// <summary>The options of a service: the default ones, or the named ones of a keyed service.</summary>
    public static TOptions Resolve<TOptions>(this IServiceProvider services, object? serviceKey)
        where TOptions : class =>
        serviceKey is null
            ? services.GetRequiredService<IOptions<TOptions>>().Value
            : services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(NameOf(serviceKey));
}
