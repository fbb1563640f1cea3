// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Rag.Connectors.Tesseract;

namespace Rag;

/// <summary>Adds Tesseract OCR to a <see cref="RagBuilder"/>.</summary>
public static class TesseractRagBuilderExtensions
{
    /// <summary>
    /// Registers the Tesseract <see cref="IOcrEngine"/> (which <c>UsePdfReader()</c> uses for scanned pages) and the image
    /// reader (.png, .jpg, .jpeg, .tif, .tiff, .bmp, .gif, .webp) as singletons. Nothing is started until the first recognition.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the options (languages, cache folder, time limit); optional.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>The options are <see cref="IOptions{TOptions}"/>: <paramref name="configure"/> and any
    /// <c>services.Configure&lt;TesseractOptions&gt;</c> run in order when the engine is first resolved, and a value out of
    /// range then throws an <see cref="OptionsValidationException"/> naming the field.</remarks>
    public static RagBuilder UseTesseractOcr(this RagBuilder builder, Action<TesseractOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddValidatedOptions(configure, static o => o.Validate());
        builder.Services.TryAddSingleton<IOcrEngine>(services =>
            new TesseractOcrEngine(services.Resolve<TesseractOptions>(null), services.GetService<ILogger<TesseractOcrEngine>>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentReader, ImageDocumentReader>());
        return builder;
    }
}
