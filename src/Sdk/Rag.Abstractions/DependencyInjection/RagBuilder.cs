// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;

namespace Rag;

/// <summary>
/// Configures the Rag services of an application. Returned by <c>services.AddRag()</c>; connector packages extend it
/// with <c>Use*</c> methods (<c>UseOnnxEmbeddings</c>, <c>UseSqliteStore</c>, <c>UseLlamaSharp</c>).
/// </summary>
/// <remarks>It lives in the abstractions so connectors can extend it without referencing the orchestration package.</remarks>
public sealed class RagBuilder
{
    /// <summary>Initializes a new instance of the <see cref="RagBuilder"/> class.</summary>
    /// <param name="services">The application's service collection.</param>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public RagBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services;
    }

    /// <summary>Gets the application's service collection.</summary>
    public IServiceCollection Services { get; }
}
