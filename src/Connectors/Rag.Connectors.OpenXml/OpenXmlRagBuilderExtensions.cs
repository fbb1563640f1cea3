// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rag.Connectors.OpenXml;

namespace Rag;

/// <summary>Adds the Word (.docx), Excel (.xlsx) and PowerPoint (.pptx) readers to a <see cref="RagBuilder"/>.</summary>
public static class OpenXmlRagBuilderExtensions
{
    /// <summary>Registers the Word, Excel and PowerPoint <see cref="IDocumentReader"/>s (DocumentFormat.OpenXml) as singletons; ingestion's reader registry picks it up.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static RagBuilder UseOpenXmlReader(this RagBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentReader, WordDocumentReader>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentReader, SpreadsheetReader>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentReader, PresentationReader>());
        return builder;
    }
}
