// Copyright (c) Rag contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Rag.WebApi.OpenAICompatible;

/// <summary><c>POST /v1/embeddings</c> on the node's local embedding model.</summary>
internal static class EmbeddingsEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, LocalModels models, IOptions<KnowledgeServiceOptions> options)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        (EmbeddingsRequest? request, OpenAIError? unreadable) = await RequestBody.ReadAsync<EmbeddingsRequest>(context.Request, "embeddings request", cancellationToken);
        if (request is null)
        {
            return unreadable!.ToResult();
        }

        if (Validate(request, models, options.Value.MaxEmbeddingInputs) is { } error)
        {
            return error.ToResult();
        }

        List<string> inputs = RequestBody.ReadStrings(request.Input)!;
        EmbeddingPurpose purpose = request.InputType == "query" ? EmbeddingPurpose.Query : EmbeddingPurpose.Document;
        GeneratedEmbeddings<Embedding<float>> embeddings = await models.Embeddings.GenerateAsync(inputs, new EmbeddingGenerationOptions().WithPurpose(purpose), cancellationToken);
        if (DimensionsError(request, embeddings[0].Vector.Length, models) is { } late)
        {
            return late.ToResult(); // only for a generator that does not report its vector length up front
        }

        bool base64 = request.EncodingFormat == "base64";
        var data = new List<EmbeddingItem>(embeddings.Count);
        for (int i = 0; i < embeddings.Count; i++)
        {
            ReadOnlyMemory<float> vector = embeddings[i].Vector;
            data.Add(new EmbeddingItem(i, base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(vector.Span)) : vector.ToArray()));
        }

        ITokenCounter? counter = models.Embeddings.GetService<ITokenCounter>();
        long tokens = counter is null ? 0 : inputs.Sum(counter.CountTokens);
        return Results.Json(new EmbeddingList(data, models.EmbeddingModelId, new EmbeddingUsage(tokens, tokens)), OpenAIJson.Options);
    }

    private static OpenAIError? Validate(EmbeddingsRequest request, LocalModels models, int maxInputs)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return OpenAIError.InvalidRequest("The field 'model' is required.", "model");
        }

        if (!string.Equals(request.Model, models.EmbeddingModelId, StringComparison.Ordinal))
        {
            return OpenAIError.ModelNotFound(request.Model, models.Ids);
        }

        if (request.EncodingFormat is not (null or "float" or "base64"))
        {
            return OpenAIError.InvalidRequest($"'encoding_format' must be float or base64 (was '{request.EncodingFormat}').", "encoding_format");
        }

        if (request.InputType is not (null or "query" or "document" or "passage"))
        {
            return OpenAIError.InvalidRequest($"'input_type' must be query, document or passage (was '{request.InputType}').", "input_type");
        }

        if (RequestBody.ReadStrings(request.Input) is not { } inputs)
        {
            return OpenAIError.InvalidRequest("'input' is required: a string or an array of strings of valid UTF-16 text (token arrays are not supported).", "input");
        }

        if (inputs.Count == 0 || inputs.Count > maxInputs)
        {
            return OpenAIError.InvalidRequest(
                $"'input' must hold between 1 and {maxInputs} strings (was {inputs.Count}; the limit is {KnowledgeServiceOptions.SectionName}:MaxEmbeddingInputs): send fewer per request.",
                "input",
                inputs.Count == 0 ? null : "too_many_inputs");
        }

        int blank = inputs.FindIndex(string.IsNullOrWhiteSpace);
        return blank >= 0
            ? OpenAIError.InvalidRequest($"'input[{blank}]' is empty; every input must contain text.", "input")
            : models.EmbeddingDimensions is int known ? DimensionsError(request, known, models) : null;
    }

    private static OpenAIError? DimensionsError(EmbeddingsRequest request, int dimensions, LocalModels models) =>
        request.Dimensions is int asked && asked != dimensions
            ? OpenAIError.InvalidRequest($"'dimensions' must be {dimensions} for model '{models.EmbeddingModelId}' (was {asked}); it cannot shorten its vectors.", "dimensions")
            : null;
}
