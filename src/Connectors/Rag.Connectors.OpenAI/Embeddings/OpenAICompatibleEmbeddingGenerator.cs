// Copyright (c) Rag contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAIEmbeddingOptions = OpenAI.Embeddings.EmbeddingGenerationOptions;

namespace Rag.Connectors.OpenAI;

/// <summary>
/// The OpenAI SDK's embedding generator, plus what Rag asks of an embedding generator (a token counter, the model's
/// identity, relevance floors) and, when enabled, the embedding purpose as <c>input_type</c>.
/// </summary>
internal sealed class OpenAICompatibleEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly OpenAIEmbeddingGeneratorOptions _options;
    private readonly EstimatedTokenCounter _tokenCounter;
    private readonly EmbeddingModelInfo? _modelInfo;

    public OpenAICompatibleEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, OpenAIEmbeddingGeneratorOptions options)
        : base(inner)
    {
        _options = options;
        _tokenCounter = new EstimatedTokenCounter(options.MaxInputTokens, options.EstimatedCharactersPerToken);
        _modelInfo = options.Dimensions is int dimensions ? new EmbeddingModelInfo(options.ModelId!, dimensions) : null;
    }

    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GenerateAsync(values, _options.SendInputType ? WithInputType(options) : options, cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null)
        {
            if (serviceType == typeof(ITokenCounter))
            {
                return _tokenCounter;
            }

            if (serviceType == typeof(RelevanceCalibration))
            {
                return _options.RelevanceCalibration;
            }

            if (serviceType == typeof(EmbeddingModelInfo))
            {
                return _modelInfo;
            }
        }

        return base.GetService(serviceType, serviceKey);
    }

    private static EmbeddingGenerationOptions WithInputType(EmbeddingGenerationOptions? options)
    {
        string inputType = options.GetPurpose() == EmbeddingPurpose.Query ? "query" : "document";
        EmbeddingGenerationOptions result = options?.Clone() ?? new EmbeddingGenerationOptions();
        Func<IEmbeddingGenerator, object?>? userFactory = result.RawRepresentationFactory;
        result.RawRepresentationFactory = generator =>
        {
            OpenAIEmbeddingOptions request = userFactory?.Invoke(generator) as OpenAIEmbeddingOptions ?? new OpenAIEmbeddingOptions();
            // SCME0001: JsonPatch is marked for evaluation, but it is the SDK's only way to add a field it does not model.
#pragma warning disable SCME0001
            request.Patch.Set("$.input_type"u8, inputType);
#pragma warning restore SCME0001
            return request;
        };
        return result;
    }
}
