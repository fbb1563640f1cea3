// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rag.Connectors.Pdf;

namespace Rag;

/// <summary>Adds the PDF reader to a <see cref="RagBuilder"/>.</summary>
public static class PdfRagBuilderExtensions
{
    /// <summary>
    /// Registers the PDF <see cref="IDocumentReader"/> (PdfPig) as a singleton; ingestion's reader registry picks it up. Pages
    /// without a usable text layer are read by the <see cref="IOcrEngine"/> registered in the container (<c>UseTesseractOcr()</c>), if any.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static RagBuilder UsePdfReader(this RagBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentReader, PdfDocumentReader>(services => new PdfDocumentReader(services.GetService<IOcrEngine>())));
        return builder;
    }
}
